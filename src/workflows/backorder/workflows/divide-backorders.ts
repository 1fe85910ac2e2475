import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { validateBackordersExistStep } from "../steps"
import { planBackordersWorkflow } from "./plan-backorders"

export type DivideBackordersWorkflowInput = {
  backorder_ids: string[]
  /**
   * `divide` releases the units the queue already covers ("Unlock Backorders");
   * `send_available` first lets the selected orders fill from free stock at
   * their rank (even under the complete policy), then releases it.
   */
  mode: "divide" | "send_available"
  actor: PlanActor
}

export const divideBackordersWorkflowId = "divide-backorders"

/**
 * Releases the in-stock part of backorders for fulfillment while the rest
 * keeps its place in the queue: the released units keep their reservations and
 * the fulfillment gate lets exactly them through. A backorder that turns out
 * fully covered is released whole; one with nothing to ship is skipped with
 * the reason. Runs under the same locks as release and re-plans first, so it
 * is idempotent (dividing twice divides once). Emits `backorder.divided`.
 * Compensation restores records and reservations.
 */
export const divideBackordersWorkflow = createWorkflow(
  divideBackordersWorkflowId,
  (input: DivideBackordersWorkflowInput) => {
    const selection = validateBackordersExistStep({ ids: input.backorder_ids })
    const result = planBackordersWorkflow.runAsStep({
      input: transform({ selection, input }, ({ selection, input }) => ({
        backorder_ids: selection.ids,
        order_ids: selection.order_ids,
        intent: { divide: { backorder_ids: selection.ids, mode: input.mode } },
        actor: input.actor,
      })),
    })
    return new WorkflowResponse(
      transform({ result }, ({ result }) => ({
        results: result.divide_results,
        released: result.released,
        divided: result.divided,
      }))
    )
  }
)

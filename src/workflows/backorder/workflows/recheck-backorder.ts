import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { clearStaleBackorderProcessStep } from "../steps"
import { planBackordersWorkflow } from "./plan-backorders"

export const recheckBackorderWorkflowId = "recheck-backorder"

/**
 * One-call repair of one backorder: clears a job marker no job holds any more,
 * syncs its lines with the order and re-plans its items (releasing it when the
 * stock is there). Compensation restores the marker and the plan's writes.
 */
export const recheckBackorderWorkflow = createWorkflow(
  recheckBackorderWorkflowId,
  (input: { id: string; actor: PlanActor }) => {
    const cleared = clearStaleBackorderProcessStep({ id: input.id })
    const plan = planBackordersWorkflow.runAsStep({
      input: transform({ cleared, input }, ({ cleared, input }) => ({
        order_ids: [cleared.order_id],
        actor: input.actor,
        full: true,
      })),
    })
    return new WorkflowResponse(
      transform({ cleared, plan }, ({ cleared, plan }) => ({
        cleared_stale_process: cleared.cleared,
        released: plan.released.some((b) => b.id === cleared.id),
      }))
    )
  }
)

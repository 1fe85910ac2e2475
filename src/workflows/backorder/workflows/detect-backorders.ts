import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireBackorderLockStep,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

export type DetectBackordersWorkflowInput = {
  order_ids: string[]
}

export const detectBackordersWorkflowId = "detect-backorders"

/**
 * Runs when orders are placed: lines short of real stock get coverage =
 * stock the queue leaves them, Medusa's checkout reservation shrinks to the
 * covered quantity, and each order short of stock becomes a `backorder`
 * (code 7). A new order is ranked like every waiting backorder, so it never
 * takes stock an outranking backorder waits for. Orders fully in stock get no
 * backorder. Idempotent: a replayed event re-plans to the same answer.
 * Compensation restores reservations and removes the records it created.
 */
export const detectBackordersWorkflow = createWorkflow(
  detectBackordersWorkflowId,
  (input: DetectBackordersWorkflowInput) => {
    const scope = resolveBackorderScopeStep({ order_ids: input.order_ids })
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    const actor = transform({}, () => ({ type: "system" as const }))
    const result = composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      order_ids: input.order_ids,
      actor,
    })
    releaseBackorderLockStep(lock)
    return new WorkflowResponse(result)
  }
)

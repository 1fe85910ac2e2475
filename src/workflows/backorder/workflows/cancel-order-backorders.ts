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

export type CancelOrderBackordersWorkflowInput = {
  order_ids: string[]
}

export const cancelOrderBackordersWorkflowId = "cancel-order-backorders"

/**
 * Runs when orders are canceled: their backorders become `canceled`, any
 * reservation they still hold is deleted, and the stock goes to the next
 * backorders in line in the same plan. Compensation restores both.
 */
export const cancelOrderBackordersWorkflow = createWorkflow(
  cancelOrderBackordersWorkflowId,
  (input: CancelOrderBackordersWorkflowInput) => {
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

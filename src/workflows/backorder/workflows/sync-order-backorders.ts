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

export type SyncOrderBackordersWorkflowInput = {
  order_ids: string[]
}

export const syncOrderBackordersWorkflowId = "sync-order-backorders"

/**
 * Brings the backorders of the given orders in line with Medusa, in one plan
 * of their inventory items:
 * - a placed order short of real stock becomes a `backorder` (code 7): each
 *   line is covered by the stock the queue leaves it, and Medusa's checkout
 *   reservation shrinks to the covered quantity. It is ranked like every
 *   waiting backorder, so it never takes stock an outranking backorder waits
 *   for. An order fully in stock gets no backorder.
 * - a canceled order's backorder becomes `canceled`, whatever reservation it
 *   still holds is deleted, and its units go to the next in line.
 * Idempotent: a replayed event re-plans to the same answer and writes nothing.
 * Compensation restores reservations and removes or restores the records.
 */
export const syncOrderBackordersWorkflow = createWorkflow(
  syncOrderBackordersWorkflowId,
  (input: SyncOrderBackordersWorkflowInput) => {
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

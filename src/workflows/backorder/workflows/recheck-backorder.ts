import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import {
  acquireBackorderLockStep,
  clearStaleBackorderProcessStep,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

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
    const orderIds = transform({ cleared }, ({ cleared }) => [cleared.order_id])
    const scope = resolveBackorderScopeStep({ order_ids: orderIds })
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    const plan = composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      order_ids: orderIds,
      actor: input.actor,
    })
    releaseBackorderLockStep(lock)
    return new WorkflowResponse(
      transform({ cleared, plan }, ({ cleared, plan }) => ({
        cleared_stale_process: cleared.cleared,
        released: plan.released.some((b) => b.id === cleared.id),
      }))
    )
  }
)

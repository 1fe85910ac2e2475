import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import {
  acquireBackorderLockStep,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
  updateBackorderPriorityStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

export type UpdateBackorderPriorityWorkflowInput = {
  id: string
  priority: number
  actor: PlanActor
}

export const updateBackorderPriorityWorkflowId = "update-backorder-priority"

/**
 * Changes a backorder's priority and re-plans its inventory items at once, so
 * a raised priority can take stock from lower-ranked waiting backorders (never
 * from released orders) and a lowered one can give it up. Emits
 * `backorder.priority_changed`. Compensation restores the priority, the
 * reservations and the records.
 */
export const updateBackorderPriorityWorkflow = createWorkflow(
  updateBackorderPriorityWorkflowId,
  (input: UpdateBackorderPriorityWorkflowInput) => {
    const scopeInput = transform({ input }, ({ input }) => ({
      backorder_ids: [input.id],
    }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    const changed = updateBackorderPriorityStep(input)
    const result = composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      actor: input.actor,
    })
    const eventData = transform({ changed }, ({ changed }) => ({
      id: changed.id,
      order_id: changed.order_id,
    }))
    emitEventStep({
      eventName: BackorderEvents.PRIORITY_CHANGED,
      data: eventData,
    }).config({
      name: "emit-backorder-priority-changed",
    })
    releaseBackorderLockStep(lock)
    return new WorkflowResponse(
      transform({ changed, result }, ({ changed, result }) => ({
        ...result,
        priority: changed,
      }))
    )
  }
)

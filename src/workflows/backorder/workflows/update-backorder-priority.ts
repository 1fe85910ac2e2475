import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import { updateBackorderPriorityStep } from "../steps"
import { planBackordersWorkflow } from "./plan-backorders"

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
    const changed = updateBackorderPriorityStep(input)
    const result = planBackordersWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({
        backorder_ids: [input.id],
        actor: input.actor,
      })),
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
    return new WorkflowResponse(
      transform({ changed, result }, ({ changed, result }) => ({
        ...result,
        priority: changed,
      }))
    )
  }
)

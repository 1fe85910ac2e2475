import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { PlanActor } from "../../../types/backorder"

export type UpdateBackorderPriorityStepInput = {
  id: string
  priority: number
  actor: PlanActor
}

export const updateBackorderPriorityStepId = "update-backorder-priority"

/**
 * Sets a backorder's priority and records who changed it from what.
 * Compensation restores the previous priority and removes the audit event.
 */
export const updateBackorderPriorityStep = createStep(
  updateBackorderPriorityStepId,
  async (input: UpdateBackorderPriorityStepInput, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await service.retrieveBackorder(input.id, {
      select: ["id", "order_id", "priority", "status"],
    })
    await service.updateBackorders({ id: input.id, priority: input.priority })
    await service.syncQueueEntries({ backorder_ids: [input.id] })
    const event = await service.createBackorderEvents({
      backorder_id: input.id,
      type: "priority_changed",
      data: { before: backorder.priority, after: input.priority },
      actor_type: input.actor.type,
      actor_id: input.actor.id ?? null,
    })
    return new StepResponse(
      {
        id: backorder.id,
        order_id: backorder.order_id,
        before: backorder.priority,
        after: input.priority,
      },
      { id: backorder.id, priority: backorder.priority, event_id: event.id }
    )
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await service.deleteBackorderEvents([previous.event_id])
    await service.updateBackorders({
      id: previous.id,
      priority: previous.priority,
    })
    await service.syncQueueEntries({ backorder_ids: [previous.id] })
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { BackorderEventType, PlanActor } from "../../../types/backorder"

export const recordBackorderEventStepId = "record-backorder-event"

/** Writes one audit event on a backorder; compensation removes it. */
export const recordBackorderEventStep = createStep(
  recordBackorderEventStepId,
  async (
    input: {
      backorder_id: string
      type: BackorderEventType
      data: Record<string, unknown>
      actor: PlanActor
    },
    { container }
  ) => {
    const event = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .createBackorderEvents({
        backorder_id: input.backorder_id,
        type: input.type,
        data: input.data,
        actor_type: input.actor.type,
        actor_id: input.actor.id ?? null,
      })
    return new StepResponse(event.id, event.id)
  },
  async (id, { container }) => {
    if (id) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .deleteBackorderEvents([id])
    }
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { drainBackorderChanges } from "../engine/drain"

export type DrainBackorderChangesInput = {
  actor?: PlanActor
  budget_ms?: number
}

export const drainBackorderChangesStepId = "drain-backorder-changes"

/**
 * Handles what the change queue has available now (`drainBackorderChanges`):
 * every group is planned and written under its own locks, and a group that
 * fails stays queued with its error. Each group's writes are final, so there
 * is nothing to compensate.
 */
export const drainBackorderChangesStep = createStep(
  drainBackorderChangesStepId,
  async (input: DrainBackorderChangesInput, { container, eventGroupId }) =>
    new StepResponse(
      await drainBackorderChanges(container, {
        actor: input.actor,
        budget_ms: input.budget_ms,
        event_group_id: eventGroupId,
      })
    )
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { PlanActor, PlanRecordChanges } from "../../../types/backorder"

export type SaveBackorderPlanInput = {
  records: PlanRecordChanges
  actor: PlanActor
}

export const saveBackorderPlanStepId = "save-backorder-plan"

/**
 * Persists a plan's backorder records (new backorders, releases,
 * cancellations, coverage, priority, audit events) in one transaction.
 * Compensation deletes what it created and restores what it changed.
 */
export const saveBackorderPlanStep = createStep(
  saveBackorderPlanStepId,
  async (input: SaveBackorderPlanInput, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const saved = await service.savePlanChanges(input.records, input.actor)
    return new StepResponse({ created: saved.created }, saved)
  },
  async (saved, { container }) => {
    if (!saved) {
      return
    }
    await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .revertPlanChanges(saved)
  }
)

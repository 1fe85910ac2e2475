import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import {
  acquireBackorderLockStep,
  type BackorderSettingsInput,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
  saveBackorderSettingsStep,
  validateBackorderSettingsStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

export const updateBackorderSettingsWorkflowId = "update-backorder-settings"

/**
 * Saves the runtime settings (allocation policy, network locations, stuck
 * threshold) and re-plans every waiting backorder under the new ones, so a
 * location added to the network stops serving automatic release at once.
 * Compensation restores the previous settings and the plan's writes.
 */
export const updateBackorderSettingsWorkflow = createWorkflow(
  updateBackorderSettingsWorkflowId,
  (input: { settings: BackorderSettingsInput; actor: PlanActor }) => {
    validateBackorderSettingsStep(input.settings)
    const settings = saveBackorderSettingsStep(input.settings)
    const scopeInput = transform({}, () => ({ all: true }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      actor: input.actor,
    })
    releaseBackorderLockStep(lock)
    return new WorkflowResponse(settings)
  }
)

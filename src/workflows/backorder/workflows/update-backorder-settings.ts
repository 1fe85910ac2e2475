import {
  createWorkflow,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import {
  type BackorderSettingsInput,
  drainBackorderChangesStep,
  enqueueBackorderChangesStep,
  saveBackorderSettingsStep,
  validateBackorderSettingsStep,
} from "../steps"

export const updateBackorderSettingsWorkflowId = "update-backorder-settings"

/**
 * Saves the runtime settings (allocation policy, network locations, stuck
 * threshold), queues every item with waiting backorders and drains the queue,
 * so a location added to the network stops serving automatic release at
 * once. Compensation restores the previous settings; the queued re-plans
 * stay (they converge to whatever settings are in force).
 */
export const updateBackorderSettingsWorkflow = createWorkflow(
  updateBackorderSettingsWorkflowId,
  (input: { settings: BackorderSettingsInput; actor: PlanActor }) => {
    validateBackorderSettingsStep(input.settings)
    const settings = saveBackorderSettingsStep(input.settings)
    // Every waiting item is queued and re-planned group by group, each group
    // under its own locks — never one lock over every item.
    enqueueBackorderChangesStep({ all_waiting: true, reason: "settings" })
    drainBackorderChangesStep({ actor: input.actor })
    return new WorkflowResponse(settings)
  }
)

import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export type BackorderSettingsInput = {
  allocation_policy?: "fill" | "complete" | null
  network_location_ids?: string[] | null
  stuck_after_minutes?: number | null
}

export const validateBackorderSettingsStepId = "validate-backorder-settings"

/** Refuses network locations that do not exist (400 naming them). */
export const validateBackorderSettingsStep = createStep(
  validateBackorderSettingsStepId,
  async (input: BackorderSettingsInput, { container }) => {
    const ids = [...new Set(input.network_location_ids ?? [])]
    if (ids.length) {
      const found = await container
        .resolve(Modules.STOCK_LOCATION)
        .listStockLocations({ id: ids }, { select: ["id"] })
      const known = new Set(found.map((l) => l.id))
      const unknown = ids.filter((id) => !known.has(id))
      if (unknown.length) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Unknown stock location${unknown.length > 1 ? "s" : ""} in network_location_ids: ${unknown.join(", ")}`
        )
      }
    }
    return new StepResponse(void 0)
  }
)

export const saveBackorderSettingsStepId = "save-backorder-settings"

/** Stores the settings; compensation puts the previous ones back. */
export const saveBackorderSettingsStep = createStep(
  saveBackorderSettingsStepId,
  async (input: BackorderSettingsInput, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const previous = await service.saveSettings(input)
    return new StepResponse(await service.getSettings(), previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .saveSettings(previous)
    }
  }
)

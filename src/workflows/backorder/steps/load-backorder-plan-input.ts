import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  loadBackorderPlanInput,
  type LoadBackorderPlanInputInput,
} from "../engine/load-plan-input"

export type { LoadBackorderPlanInputInput }

export const loadBackorderPlanInputStepId = "load-backorder-plan-input"

/**
 * Reads everything a plan needs for the given inventory items and orders
 * (see `loadBackorderPlanInput`), without locks: for read-only answers
 * (explanations, simulations, the SKU report). Nothing to compensate.
 */
export const loadBackorderPlanInputStep = createStep(
  loadBackorderPlanInputStepId,
  async (input: LoadBackorderPlanInputInput, { container }) =>
    new StepResponse(await loadBackorderPlanInput(container, input))
)

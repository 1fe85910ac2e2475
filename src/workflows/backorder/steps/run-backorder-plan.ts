import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  revertBackorderPlan,
  runBackorderPlan,
  type RunBackorderPlanInput,
} from "../engine/run-plan"

export const runBackorderPlanStepId = "run-backorder-plan"

/**
 * Plans the given inventory items and orders and writes the answer, all
 * under the inventory locks that Medusa's checkout and fulfilment wait on
 * (`runBackorderPlan`: load → pure planner → fence → reservations →
 * records). The lock must span the read and the writes, which one step
 * wrapping the lock expresses. Compensation undoes the records and the
 * reservations.
 */
export const runBackorderPlanStep = createStep(
  runBackorderPlanStepId,
  async (input: RunBackorderPlanInput, { container }) => {
    const { undo, ...outcome } = await runBackorderPlan(container, input)
    return new StepResponse(outcome, undo)
  },
  async (undo, { container }) => {
    if (undo) {
      await revertBackorderPlan(container, undo)
    }
  }
)

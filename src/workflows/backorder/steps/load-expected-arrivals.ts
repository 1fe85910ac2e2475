import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { listExpectedArrivals } from "../engine/estimate-input"

export const loadExpectedArrivalsStepId = "load-expected-backorder-arrivals"

/** The units still expected for these inventory items, as the planner's estimate reads them. Read-only. */
export const loadExpectedArrivalsStep = createStep(
  loadExpectedArrivalsStepId,
  async (input: { inventory_item_ids: string[] }, { container }) =>
    new StepResponse(
      await listExpectedArrivals(container, input.inventory_item_ids)
    )
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export const validateBackordersExistStepId = "validate-backorders-exist"

/**
 * Fails with a 404 naming every unknown id, before anything is written, so a
 * bulk action never runs on part of a selection. Answers the ids (without
 * repeats) and their order ids, in the requested order.
 */
export const validateBackordersExistStep = createStep(
  validateBackordersExistStepId,
  async (input: { ids: string[] }, { container }) => {
    const found = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackordersOrThrow(input.ids, { select: ["id", "order_id"] })
    return new StepResponse({
      ids: found.map((b) => b.id),
      order_ids: found.map((b) => b.order_id),
    })
  }
)

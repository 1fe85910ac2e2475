import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export const validateBackordersExistStepId = "validate-backorders-exist"

/**
 * Fails with a 404 naming every unknown id, before anything is written, so a
 * bulk action never runs on part of a selection. Answers the backorders' order
 * ids in the requested order.
 */
export const validateBackordersExistStep = createStep(
  validateBackordersExistStepId,
  async (input: { ids: string[] }, { container }) => {
    const ids = [...new Set(input.ids)]
    const found = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackorders({ id: ids }, { select: ["id", "order_id", "status"] })
    const byId = new Map(found.map((b) => [b.id, b]))
    const missing = ids.filter((id) => !byId.has(id))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Backorder${missing.length > 1 ? "s" : ""} with id${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} ${missing.length > 1 ? "were" : "was"} not found`
      )
    }
    return new StepResponse({
      ids,
      order_ids: ids.map((id) => byId.get(id)!.order_id),
    })
  }
)

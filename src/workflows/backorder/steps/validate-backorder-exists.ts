import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export const validateBackorderExistsStepId = "validate-backorder-exists"

/** Fails with a 404 naming the id when the backorder does not exist. */
export const validateBackorderExistsStep = createStep(
  validateBackorderExistsStepId,
  async (input: { id: string }, { container }) => {
    const [backorder] = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackorders(
        { id: input.id },
        { select: ["id", "order_id", "status"] }
      )
    if (!backorder) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Backorder with id: ${input.id} was not found`
      )
    }
    return new StepResponse({
      id: backorder.id,
      order_id: backorder.order_id,
      status: backorder.status,
    })
  }
)

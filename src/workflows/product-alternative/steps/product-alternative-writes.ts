import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ProductAlternativeInput } from "./validate-product-alternatives"

const service = (container: { resolve: <T>(key: string) => T }) =>
  container.resolve<BackorderModuleService>(BACKORDER_MODULE)

export const createProductAlternativesStepId = "create-product-alternatives"

/** Creates product alternatives; compensation deletes them. */
export const createProductAlternativesStep = createStep(
  createProductAlternativesStepId,
  async (input: { alternatives: ProductAlternativeInput[] }, { container }) => {
    const created = await service(container).createProductAlternatives(
      input.alternatives.map((a) => ({
        ...a,
        rank: a.rank ?? 1,
        two_way: !!a.two_way,
      }))
    )
    return new StepResponse(
      created,
      created.map((a) => a.id)
    )
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await service(container).deleteProductAlternatives(ids)
    }
  }
)

export const updateProductAlternativeStepId = "update-product-alternative"

/** Changes an alternative's rank or direction; compensation restores the previous values. */
export const updateProductAlternativeStep = createStep(
  updateProductAlternativeStepId,
  async (
    input: { id: string; rank?: number; two_way?: boolean },
    { container }
  ) => {
    const previous = await service(container).retrieveProductAlternative(
      input.id
    )
    const updated = await service(container).updateProductAlternatives(input)
    return new StepResponse(updated, {
      id: previous.id,
      rank: previous.rank,
      two_way: previous.two_way,
    })
  },
  async (previous, { container }) => {
    if (previous) {
      await service(container).updateProductAlternatives(previous)
    }
  }
)

export const deleteProductAlternativesStepId = "delete-product-alternatives"

/** Soft-deletes alternatives (404 naming unknown ids); compensation restores them. */
export const deleteProductAlternativesStep = createStep(
  deleteProductAlternativesStepId,
  async (input: { ids: string[] }, { container }) => {
    const found = await service(container).listProductAlternatives(
      { id: input.ids },
      { select: ["id"] }
    )
    const missing = input.ids.filter((id) => !found.some((a) => a.id === id))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `ProductAlternative with id: ${missing.join(", ")} was not found`
      )
    }
    await service(container).softDeleteProductAlternatives(input.ids)
    return new StepResponse(input.ids, input.ids)
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await service(container).restoreProductAlternatives(ids)
    }
  }
)

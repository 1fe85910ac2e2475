import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export type ProductAlternativeInput = {
  variant_id: string
  alternative_variant_id: string
  rank?: number
  two_way?: boolean
}

export const validateProductAlternativesStepId = "validate-product-alternatives"

/**
 * Refuses alternatives that point at themselves (400), name a variant that
 * does not exist (404), or repeat a pair that exists already in either
 * direction when one of them works both ways (400). Nothing to compensate.
 */
export const validateProductAlternativesStep = createStep(
  validateProductAlternativesStepId,
  async (input: { alternatives: ProductAlternativeInput[] }, { container }) => {
    for (const alternative of input.alternatives) {
      if (alternative.variant_id === alternative.alternative_variant_id) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Variant ${alternative.variant_id} cannot be an alternative to itself`
        )
      }
    }
    const variantIds = [
      ...new Set(
        input.alternatives.flatMap((a) => [
          a.variant_id,
          a.alternative_variant_id,
        ])
      ),
    ]
    const { data: variants } = await container
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({
        entity: "variant",
        fields: ["id"],
        filters: { id: variantIds },
      })
    const found = new Set((variants as { id: string }[]).map((v) => v.id))
    const missing = variantIds.filter((id) => !found.has(id))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Product variant with id: ${missing.join(", ")} was not found`
      )
    }

    const existing = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listProductAlternatives({
        $or: [
          { variant_id: variantIds },
          { alternative_variant_id: variantIds },
        ],
      })
    const pairs: {
      id: string | null
      variant_id: string
      alternative_variant_id: string
      two_way: boolean
    }[] = existing.map((e) => ({
      id: e.id,
      variant_id: e.variant_id,
      alternative_variant_id: e.alternative_variant_id,
      two_way: e.two_way,
    }))
    for (const alternative of input.alternatives) {
      const clash = pairs.find(
        (e) =>
          (e.variant_id === alternative.variant_id &&
            e.alternative_variant_id === alternative.alternative_variant_id) ||
          (e.variant_id === alternative.alternative_variant_id &&
            e.alternative_variant_id === alternative.variant_id &&
            (e.two_way || !!alternative.two_way))
      )
      if (clash) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Variant ${alternative.alternative_variant_id} is already an alternative to ${alternative.variant_id} (${clash.id ? `product alternative ${clash.id}` : "twice in this request"})`
        )
      }
      pairs.push({ id: null, ...alternative, two_way: !!alternative.two_way })
    }
    return new StepResponse(void 0)
  }
)

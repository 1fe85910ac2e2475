import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { BackorderModuleService } from "../../../modules/backorder"
import type { AdminProductAlternative } from "../../../types"

type Stored = Awaited<
  ReturnType<BackorderModuleService["listProductAlternatives"]>
>[number]
type VariantSummary = {
  id: string
  title: string | null
  sku: string | null
  product_title: string | null
}

/** Alternatives with a short summary of both variants (title, SKU, product). */
export async function serializeAlternatives(
  scope: MedusaContainer,
  alternatives: Stored[]
): Promise<AdminProductAlternative[]> {
  const ids = [
    ...new Set(
      alternatives.flatMap((a) => [a.variant_id, a.alternative_variant_id])
    ),
  ]
  const { data } = ids.length
    ? await scope.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "variant",
        fields: ["id", "title", "sku", "product.title"],
        filters: { id: ids },
      })
    : { data: [] }
  const byId = new Map<string, VariantSummary>(
    (data as any[]).map((v) => [
      v.id,
      {
        id: v.id,
        title: v.title ?? null,
        sku: v.sku ?? null,
        product_title: v.product?.title ?? null,
      },
    ])
  )
  return alternatives.map((a) => ({
    id: a.id,
    variant_id: a.variant_id,
    alternative_variant_id: a.alternative_variant_id,
    rank: a.rank,
    two_way: a.two_way,
    variant: byId.get(a.variant_id) ?? null,
    alternative_variant: byId.get(a.alternative_variant_id) ?? null,
    created_at: new Date(a.created_at).toISOString(),
  }))
}

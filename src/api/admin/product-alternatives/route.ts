import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type {
  AdminProductAlternativeListResponse,
  AdminProductAlternativeResponse,
} from "../../../types"
import { createProductAlternativesWorkflow } from "../../../workflows"
import { serializeAlternatives } from "./helpers"
import type {
  AdminCreateProductAlternativeType,
  AdminGetProductAlternativesParamsType,
} from "./validators"

/**
 * GET /admin/product-alternatives — alternatives by rank; with `variant_id`,
 * those that apply to that variant (its own and two-way ones declared the
 * other way round).
 */
export async function GET(
  req: AuthenticatedMedusaRequest<
    unknown,
    AdminGetProductAlternativesParamsType
  >,
  res: MedusaResponse<AdminProductAlternativeListResponse>
) {
  const { variant_id, offset, limit } = req.validatedQuery
  const filters = variant_id
    ? {
        $or: [
          { variant_id },
          { alternative_variant_id: variant_id, two_way: true },
        ],
      }
    : {}
  const [alternatives, count] = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listAndCountProductAlternatives(filters, {
      order: { rank: "ASC", created_at: "ASC", id: "ASC" },
      skip: offset,
      take: limit,
    })
  res.json({
    product_alternatives: await serializeAlternatives(req.scope, alternatives),
    count,
    offset,
    limit,
  })
}

/** POST /admin/product-alternatives — declares an alternative variant. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminCreateProductAlternativeType>,
  res: MedusaResponse<AdminProductAlternativeResponse>
) {
  const { result } = await createProductAlternativesWorkflow(req.scope).run({
    input: { alternatives: [req.validatedBody] },
  })
  const [product_alternative] = await serializeAlternatives(req.scope, result)
  res.status(201).json({ product_alternative })
}

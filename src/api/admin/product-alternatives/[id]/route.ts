import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminProductAlternativeResponse } from "../../../../types"
import {
  deleteProductAlternativesWorkflow,
  updateProductAlternativeWorkflow,
} from "../../../../workflows"
import { serializeAlternatives } from "../helpers"
import type { AdminUpdateProductAlternativeType } from "../validators"

/** GET /admin/product-alternatives/:id */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminProductAlternativeResponse>
) {
  const alternative = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .retrieveProductAlternative(req.params.id)
  const [product_alternative] = await serializeAlternatives(req.scope, [
    alternative,
  ])
  res.json({ product_alternative })
}

/** POST /admin/product-alternatives/:id — changes rank or two_way (404 for an unknown id). */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateProductAlternativeType>,
  res: MedusaResponse<AdminProductAlternativeResponse>
) {
  const { result } = await updateProductAlternativeWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  const [product_alternative] = await serializeAlternatives(req.scope, [result])
  res.json({ product_alternative })
}

/** DELETE /admin/product-alternatives/:id (404 for an unknown id). */
export async function DELETE(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<{
    id: string
    object: "product_alternative"
    deleted: true
  }>
) {
  await deleteProductAlternativesWorkflow(req.scope).run({
    input: { ids: [req.params.id] },
  })
  res.json({ id: req.params.id, object: "product_alternative", deleted: true })
}

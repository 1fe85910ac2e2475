import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminProductAlternativeResponse } from "../../../../types"
import {
  deleteProductAlternativesWorkflow,
  updateProductAlternativeWorkflow,
} from "../../../../workflows"
import { retrieveAlternativeOrThrow, serializeAlternatives } from "../helpers"
import type { AdminUpdateProductAlternativeType } from "../validators"

/** GET /admin/product-alternatives/:id */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminProductAlternativeResponse>
) {
  const alternative = await retrieveAlternativeOrThrow(req.scope, req.params.id)
  const [product_alternative] = await serializeAlternatives(req.scope, [
    alternative,
  ])
  res.json({ product_alternative })
}

/** POST /admin/product-alternatives/:id — changes rank or two_way. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateProductAlternativeType>,
  res: MedusaResponse<AdminProductAlternativeResponse>
) {
  await retrieveAlternativeOrThrow(req.scope, req.params.id)
  await updateProductAlternativeWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  const [product_alternative] = await serializeAlternatives(req.scope, [
    await retrieveAlternativeOrThrow(req.scope, req.params.id),
  ])
  res.json({ product_alternative })
}

/** DELETE /admin/product-alternatives/:id */
export async function DELETE(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<{
    id: string
    object: "product_alternative"
    deleted: true
  }>
) {
  await retrieveAlternativeOrThrow(req.scope, req.params.id)
  await deleteProductAlternativesWorkflow(req.scope).run({
    input: { ids: [req.params.id] },
  })
  res.json({ id: req.params.id, object: "product_alternative", deleted: true })
}

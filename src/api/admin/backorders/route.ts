import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { AdminBackorderListResponse } from "../../../types"
import { decodeCursor, nextCursor, serializeBackorder } from "./helpers"
import type { AdminGetBackordersParamsType } from "./validators"

/**
 * GET /admin/backorders — backorders in rank order (priority desc → order date
 * → display id), filtered by `status` (one or several), `order_id`, `sku`,
 * `priority` (one or several), and `q` (display id, email, SKU or title).
 * Pages by `offset`, or by `after` (the previous page's `next_cursor`): a
 * keyset page costs the same at any depth of the queue.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackordersParamsType>,
  res: MedusaResponse<AdminBackorderListResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { status, order_id, sku, priority, q, offset, limit, after } =
    req.validatedQuery
  const cursor = after ? decodeCursor(after) : undefined

  const { backorders, count } = await service.listBackorderPage(
    { status, order_id, priority, sku, q },
    { offset, limit, after: cursor }
  )

  res.json({
    backorders: backorders.map(serializeBackorder),
    count,
    offset,
    limit,
    next_cursor: nextCursor(backorders, limit),
  })
}

import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { AdminBackorderListResponse } from "../../../types"
import { RANK_ORDER, serializeBackorder } from "./helpers"
import type { AdminGetBackordersParamsType } from "./validators"

/**
 * GET /admin/backorders — backorders in rank order (priority desc → order date
 * → display id), filtered by `status` (one or several), `order_id`, `sku`,
 * `priority` (one or several), and
 * `q` (display id, email, SKU or title).
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackordersParamsType>,
  res: MedusaResponse<AdminBackorderListResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { status, order_id, sku, priority, q, offset, limit } =
    req.validatedQuery

  const filters: Record<string, unknown> = {}
  const and: Record<string, unknown>[] = []
  if (status) {
    filters.status = status
  }
  if (order_id) {
    filters.order_id = order_id
  }
  if (priority) {
    filters.priority = priority
  }
  if (sku) {
    const lines = await service.listBackorderLines(
      { sku },
      { select: ["backorder_id"] }
    )
    filters.id = [...new Set(lines.map((line) => line.backorder_id))]
  }
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const lines = await service.listBackorderLines(
      { $or: [{ sku: { $ilike: pattern } }, { title: { $ilike: pattern } }] },
      { select: ["backorder_id"] }
    )
    const or: Record<string, unknown>[] = [
      { email: { $ilike: pattern } },
      { id: [...new Set(lines.map((line) => line.backorder_id))] },
    ]
    const displayId = Number(q.replace(/^#/, ""))
    if (Number.isInteger(displayId) && displayId > 0) {
      or.push({ order_display_id: displayId })
    }
    and.push({ $or: or })
  }
  if (and.length) {
    filters.$and = and
  }

  const [backorders, count] = await service.listAndCountBackorders(filters, {
    relations: ["lines"],
    order: RANK_ORDER,
    skip: offset,
    take: limit,
  })

  res.json({
    backorders: backorders.map(serializeBackorder),
    count,
    offset,
    limit,
  })
}

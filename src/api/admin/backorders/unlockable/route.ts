import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminUnlockableBackordersResponse } from "../../../../types"
import { decodeCursor, nextCursor, serializeBackorder } from "../helpers"
import type { AdminGetUnlockableParamsType } from "../validators"

/**
 * GET /admin/backorders/unlockable — waiting backorders with units in stock
 * that could ship now, in rank order, with per line what ships and what
 * stays; paginated (`limit` up to 500, 200 by default) by `after` (the
 * previous page's `next_cursor`: the same cost at any depth) or `offset`,
 * with the total `count`.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetUnlockableParamsType>,
  res: MedusaResponse<AdminUnlockableBackordersResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { offset, limit, after } = req.validatedQuery
  const { backorders, count } = await service.listBackorderPage(
    { unlockable: true },
    { offset, limit, after: after ? decodeCursor(after) : undefined }
  )
  res.json({
    count,
    offset,
    limit,
    next_cursor: nextCursor(backorders, limit),
    backorders: backorders.map((backorder) => {
      const serialized = serializeBackorder(backorder)
      return {
        ...serialized,
        lines: serialized.lines.map((line) => ({
          ...line,
          quantity_to_ship: line.quantity_covered - line.quantity_released,
          quantity_to_wait: line.quantity_backordered,
        })),
      }
    }),
  })
}

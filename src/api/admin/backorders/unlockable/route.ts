import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminUnlockableBackordersResponse } from "../../../../types"
import { RANK_ORDER, serializeBackorder } from "../helpers"

/**
 * GET /admin/backorders/unlockable — waiting backorders with units in stock
 * that could ship now, in rank order, with per line what ships and what stays.
 */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminUnlockableBackordersResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const ids = await service.listUnlockableBackorderIds()
  const backorders = ids.length
    ? await service.listBackorders(
        { id: ids },
        { relations: ["lines"], order: RANK_ORDER }
      )
    : []
  res.json({
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

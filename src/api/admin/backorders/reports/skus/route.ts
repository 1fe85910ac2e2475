import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { reportBlockingSkusWorkflow } from "../../../../../workflows"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../../modules/backorder"
import type {
  AdminSkuReportResponse,
  AdminSkuReportRow,
} from "../../../../../types"
import {
  type AdminGetSkuReportParamsType,
  SKU_REPORT_COLUMNS,
} from "../../validators"

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * GET /admin/backorders/reports/skus — which SKUs cause the waiting, as the
 * planner explains it: per inventory item that keeps orders waiting, the units
 * those orders miss, how many orders, the oldest wait, free
 * and incoming stock (outside network locations), and the units that must
 * arrive to release every order waiting for it. Sorted by `order` (a column,
 * "-" for descending; default -units_backordered); `?format=csv` downloads it.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetSkuReportParamsType>,
  res: MedusaResponse<AdminSkuReportResponse | string>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const inventory = req.scope.resolve(Modules.INVENTORY)
  const network = new Set((await service.getSettings()).network_location_ids)
  const { format } = req.validatedQuery
  const descending = req.validatedQuery.order.startsWith("-")
  const column = req.validatedQuery.order.replace(
    /^-/,
    ""
  ) as (typeof SKU_REPORT_COLUMNS)[number]

  const { result: aggregates } = await reportBlockingSkusWorkflow(
    req.scope
  ).run()
  const itemIds = aggregates.map((row) => row.inventory_item_id)
  const [items, levels] = itemIds.length
    ? await Promise.all([
        inventory.listInventoryItems(
          { id: itemIds },
          { select: ["id", "sku"] }
        ),
        inventory.listInventoryLevels(
          { inventory_item_id: itemIds },
          {
            select: [
              "inventory_item_id",
              "location_id",
              "stocked_quantity",
              "reserved_quantity",
              "incoming_quantity",
            ],
          }
        ),
      ])
    : [[], []]
  const skuOf = new Map(items.map((item) => [item.id, item.sku ?? null]))

  const skus: AdminSkuReportRow[] = aggregates.map((row) => {
    const own = levels.filter(
      (l) =>
        l.inventory_item_id === row.inventory_item_id &&
        !network.has(l.location_id)
    )
    const free = own.reduce(
      (sum, l) =>
        sum +
        Math.max(0, Number(l.stocked_quantity) - Number(l.reserved_quantity)),
      0
    )
    return {
      sku: skuOf.get(row.inventory_item_id) ?? row.sku,
      inventory_item_id: row.inventory_item_id,
      units_backordered: row.units_backordered,
      orders_waiting: row.orders_waiting,
      oldest_waiting_since: row.oldest_waiting_since,
      free,
      incoming: own.reduce(
        (sum, l) => sum + Number(l.incoming_quantity ?? 0),
        0
      ),
      units_to_release_all: Math.max(0, row.units_backordered - free),
    }
  })
  const sign = descending ? -1 : 1
  skus.sort((a, b) => {
    const x = a[column] ?? ""
    const y = b[column] ?? ""
    return (
      (x < y ? -1 : x > y ? 1 : 0) * sign ||
      (a.inventory_item_id < b.inventory_item_id ? -1 : 1)
    )
  })

  if (format === "csv") {
    const lines = [
      SKU_REPORT_COLUMNS.join(","),
      ...skus.map((row) =>
        SKU_REPORT_COLUMNS.map((column) => csvCell(row[column])).join(",")
      ),
    ]
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader(
      "Content-Disposition",
      'attachment; filename="backorders-skus.csv"'
    )
    res.send(lines.join("\n") + "\n")
    return
  }
  res.json({ skus })
}

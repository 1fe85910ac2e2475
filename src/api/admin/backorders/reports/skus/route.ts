import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../../modules/backorder"
import { skuShortages } from "../../../../../planner"
import { readItemStock } from "../../../../../utils/stock"
import type {
  AdminSkuReportResponse,
  AdminSkuReportRow,
} from "../../../../../types"
import {
  type AdminGetSkuReportParamsType,
  SKU_REPORT_COLUMNS,
} from "../../validators"

const CHUNK = 1000

/**
 * A CSV cell that is safe to open in a spreadsheet (OWASP CSV injection):
 * text beginning with =, +, -, @, a tab or a carriage return is prefixed
 * with a single quote, so it is shown, never evaluated; quotes, commas and
 * line breaks are quoted. Numbers stay numbers.
 */
export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) {
    return ""
  }
  if (typeof value === "number") {
    return String(value)
  }
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`
  }
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Columns the module counts itself: a page sorted by one reads stock only for its SKUs. */
const COUNTED = new Set<string>([
  "inventory_item_id",
  "units_backordered",
  "orders_waiting",
  "oldest_waiting_since",
  "all_released_expected_at",
])

/**
 * GET /admin/backorders/reports/skus — which SKUs cause the waiting: per
 * inventory item that keeps orders waiting, the units those orders miss, how
 * many orders, the oldest wait, free and incoming stock (outside network
 * locations), and the units that must arrive to release every order waiting
 * for it. Counted in SQL from the queue index, per item (a kit counts only
 * the items it is short of), so it reads one row per SKU at any queue length.
 * Sorted by `order` (a column, "-" for descending; default
 * -units_backordered) and paged by `offset` / `limit` (default 50): sorted
 * by what the module counts, a page reads the stock of its own SKUs only
 * (and of the items kits miss); sorted by stock, it reads every SKU's
 * stock, and sorted by SKU every item's SKU, the rest for its page only.
 * `?format=csv` streams every SKU as a UTF-8 CSV with a byte order mark,
 * safe to open in Excel or LibreOffice.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetSkuReportParamsType>,
  res: MedusaResponse<AdminSkuReportResponse | string>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const inventory = req.scope.resolve(Modules.INVENTORY)
  const network = new Set((await service.getSettings()).network_location_ids)
  const { format, offset, limit } = req.validatedQuery
  const descending = req.validatedQuery.order.startsWith("-")
  const column = req.validatedQuery.order.replace(
    /^-/,
    ""
  ) as (typeof SKU_REPORT_COLUMNS)[number]

  const free: Record<string, number> = {}
  const incoming: Record<string, number> = {}
  const skuOf: Record<string, string | null> = {}
  const skusRead = new Set<string>()
  const levelsRead = new Set<string>()
  /**
   * SKU (`skus`) and free and incoming stock (`levels`) of these items, from
   * Medusa's inventory module; each read once per request.
   */
  const readStock = async (
    wanted: string[],
    parts: { skus: boolean; levels: boolean }
  ) => {
    const skuIds = parts.skus ? wanted.filter((id) => !skusRead.has(id)) : []
    const levelIds = parts.levels
      ? wanted.filter((id) => !levelsRead.has(id))
      : []
    skuIds.forEach((id) => skusRead.add(id))
    levelIds.forEach((id) => levelsRead.add(id))
    const reads: Promise<void>[] = []
    for (let i = 0; i < skuIds.length; i += CHUNK) {
      const ids = skuIds.slice(i, i + CHUNK)
      reads.push(
        inventory
          .listInventoryItems({ id: ids }, { select: ["id", "sku"] })
          .then((items) =>
            items.forEach((item) => (skuOf[item.id] = item.sku ?? null))
          )
      )
    }
    reads.push(
      readItemStock(inventory, levelIds, network).then((stock) =>
        stock.forEach((item, id) => {
          free[id] = item.free
          incoming[id] = item.incoming
        })
      )
    )
    await Promise.all(reads)
  }

  const items = await service.listShortageItems()
  const itemIds = items.map((item) => item.inventory_item_id)
  const csv = format === "csv"
  const paged = !csv && COUNTED.has(column)
  // Before sorting: what the order needs, for every SKU — stock when sorted
  // by stock, the SKU when sorted by SKU, both for the CSV — and the stock of
  // the items kits miss (a kit's figures depend on it, and only on it: the
  // figures are counted while the other items' stock is read). The page's
  // own rows get the rest after.
  const kitIds = items
    .filter((item) => item.kit)
    .map((i) => i.inventory_item_id)
  const kitStock = readStock(kitIds, { skus: false, levels: true })
  const orderStock = readStock(itemIds, {
    skus: csv || column === "sku",
    levels: csv || (!paged && column !== "sku"),
  })
  // Dates, like stock, are read for the page only unless the order (or the
  // CSV) needs them: sorted by stock or by SKU, a page reads its own.
  const datesFirst = csv || column === "all_released_expected_at"
  const [figures, dates] = await Promise.all([
    kitStock.then(() =>
      service.listShortageFigures(
        Object.fromEntries(kitIds.map((id) => [id, free[id] ?? 0]))
      )
    ),
    service.listShortageDates(datesFirst ? itemIds : []),
    orderStock,
  ])
  const counted = skuShortages(figures)
  const rowOf = (row: (typeof counted)[number]): AdminSkuReportRow => ({
    sku: skuOf[row.inventory_item_id] ?? null,
    inventory_item_id: row.inventory_item_id,
    units_backordered: row.units_backordered,
    orders_waiting: row.orders_waiting,
    oldest_waiting_since: row.oldest_waiting_since,
    free: free[row.inventory_item_id] ?? 0,
    incoming: incoming[row.inventory_item_id] ?? 0,
    units_to_release_all: Math.max(
      0,
      row.units_backordered - (free[row.inventory_item_id] ?? 0)
    ),
    all_released_expected_at: dates.get(row.inventory_item_id) ?? null,
  })
  // Sorted by a counted column, the order is known before any stock is read:
  // the page's rows are made again once their stock is.
  const sign = descending ? -1 : 1
  const skus = counted.map(rowOf).sort((a, b) => {
    const x = a[column] ?? ""
    const y = b[column] ?? ""
    return (
      (x < y ? -1 : x > y ? 1 : 0) * sign ||
      (a.inventory_item_id < b.inventory_item_id ? -1 : 1)
    )
  })

  if (csv) {
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader(
      "Content-Disposition",
      'attachment; filename="backorders-skus.csv"'
    )
    // Streamed: a row at a time, however many SKUs wait.
    res.write(`\uFEFF${SKU_REPORT_COLUMNS.join(",")}\n`)
    for (let i = 0; i < skus.length; i += CHUNK) {
      res.write(
        skus
          .slice(i, i + CHUNK)
          .map(
            (row) =>
              SKU_REPORT_COLUMNS.map((name) => csvCell(row[name])).join(",") +
              "\n"
          )
          .join("")
      )
    }
    res.end()
    return
  }
  const page = skus.slice(offset, offset + limit)
  const pageIds = page.map((row) => row.inventory_item_id)
  await readStock(pageIds, { skus: true, levels: true })
  if (!datesFirst) {
    ;(await service.listShortageDates(pageIds)).forEach((date, id) =>
      dates.set(id, date)
    )
  }
  const countedOf = new Map(counted.map((row) => [row.inventory_item_id, row]))
  res.json({
    skus: page.map((row) => rowOf(countedOf.get(row.inventory_item_id)!)),
    count: skus.length,
    offset,
    limit,
  })
}

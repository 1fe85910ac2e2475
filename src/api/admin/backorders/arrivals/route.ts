import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type {
  AdminBackorderArrivalListResponse,
  AdminBackorderArrivalResponse,
} from "../../../../types"
import { createBackorderArrivalsWorkflow } from "../../../../workflows"
import type {
  AdminCreateBackorderArrivalType,
  AdminGetBackorderArrivalsParamsType,
} from "../validators"
import { csvCell } from "../reports/skus/route"
import { ARRIVAL_CSV_COLUMNS } from "./csv"
import { arrivalDetail, serializeArrivals } from "./helpers"

/**
 * GET /admin/backorders/arrivals — expected arrivals, soonest first; filters
 * inventory_item_id, location_id, status (repeatable or comma-separated) and
 * overdue (expected, date passed).
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackorderArrivalsParamsType>,
  res: MedusaResponse<AdminBackorderArrivalListResponse | string>
) {
  const {
    inventory_item_id,
    location_id,
    status,
    overdue,
    format,
    offset,
    limit,
  } = req.validatedQuery
  const filters: Record<string, unknown> = {
    ...(inventory_item_id ? { inventory_item_id } : {}),
    ...(location_id ? { location_id } : {}),
    ...(status ? { status } : {}),
  }
  if (overdue === "true") {
    filters.status = "expected"
    filters.expected_at = { $lt: new Date() }
  } else if (overdue === "false") {
    filters.$or = [
      { status: { $ne: "expected" } },
      { expected_at: { $gte: new Date() } },
    ]
  }
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  if (format === "csv") {
    // Every matching arrival, a page at a time, in the columns the import reads.
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader(
      "Content-Disposition",
      'attachment; filename="backorders-arrivals.csv"'
    )
    res.write(`\uFEFF${ARRIVAL_CSV_COLUMNS.join(",")}\n`)
    for (let skip = 0; ; skip += 500) {
      const page = await service.listBackorderArrivals(filters, {
        skip,
        take: 500,
        order: { expected_at: "ASC", id: "ASC" },
      })
      const arrivals = await serializeArrivals(req.scope, page as any)
      res.write(
        arrivals
          .map(
            (arrival) =>
              ARRIVAL_CSV_COLUMNS.map((name) =>
                csvCell(
                  typeof arrival[name] === "boolean"
                    ? String(arrival[name])
                    : arrival[name]
                )
              ).join(",") + "\n"
          )
          .join("")
      )
      if (page.length < 500) {
        break
      }
    }
    res.end()
    return
  }
  const [rows, count] = await service.listAndCountBackorderArrivals(filters, {
    skip: offset,
    take: limit,
    order: { expected_at: "ASC", id: "ASC" },
  })
  res.json({
    arrivals: await serializeArrivals(req.scope, rows as any),
    count,
    offset,
    limit,
  })
}

/**
 * POST /admin/backorders/arrivals — records an expected arrival; the level's
 * incoming_quantity grows by its quantity.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminCreateBackorderArrivalType>,
  res: MedusaResponse<AdminBackorderArrivalResponse>
) {
  const { result } = await createBackorderArrivalsWorkflow(req.scope).run({
    input: {
      arrivals: [req.validatedBody],
      created_by: req.auth_context.actor_id,
    },
  })
  res.json({ arrival: await arrivalDetail(req.scope, result[0].id) })
}

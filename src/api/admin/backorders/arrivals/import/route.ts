import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../../modules/backorder"
import type { AdminBackorderArrival } from "../../../../../types"
import {
  createBackorderArrivalsWorkflow,
  updateBackorderArrivalWorkflow,
} from "../../../../../workflows"
import type { AdminImportBackorderArrivalsType } from "../../validators"
import { readArrivalsCsv } from "../csv"
import { serializeArrivals } from "../helpers"

const MAX_ERRORS = 20

/**
 * POST /admin/backorders/arrivals/import — `{ csv }` in the list's columns
 * (`GET /admin/backorders/arrivals?format=csv`): rows without `id` are new
 * arrivals (`inventory_item_id` or `sku`, `location_id`, `quantity`,
 * `expected_at`, `reference`), rows with `id` edit that expected arrival.
 * Everything is checked first — every problem is answered at once (400, by
 * row and column) and nothing is written; then the new arrivals are created
 * in one workflow and the edits applied.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminImportBackorderArrivalsType>,
  res: MedusaResponse<{
    created: number
    updated: number
    arrivals: AdminBackorderArrival[]
  }>
) {
  const { rows, errors } = readArrivalsCsv(req.validatedBody.csv)
  const inventory = req.scope.resolve(Modules.INVENTORY)
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)

  const skus = [...new Set(rows.flatMap((r) => (r.sku ? [r.sku] : [])))]
  const bySku = new Map(
    (skus.length
      ? await inventory.listInventoryItems(
          { sku: skus },
          { select: ["id", "sku"] }
        )
      : []
    ).map((item) => [item.sku!, item.id])
  )
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []))
  const existing = new Map(
    (ids.length
      ? await service.listBackorderArrivals(
          { id: ids },
          {
            select: [
              "id",
              "status",
              "inventory_item_id",
              "location_id",
              "received_quantity",
            ],
          }
        )
      : []
    ).map((a) => [a.id, a])
  )
  const creates: {
    row: number
    inventory_item_id: string
    location_id: string
    quantity: number
    expected_at: string
    reference: string | null
  }[] = []
  for (const row of rows) {
    if (row.id) {
      const arrival = existing.get(row.id)
      if (!arrival) {
        errors.push(`row ${row.row}: arrival ${row.id} not found`)
      } else if (arrival.status !== "expected") {
        errors.push(
          `row ${row.row}: arrival ${row.id} is ${arrival.status}: only an expected arrival can be edited`
        )
      }
      continue
    }
    const itemId =
      row.inventory_item_id ?? (row.sku ? bySku.get(row.sku) : undefined)
    if (row.sku && !itemId) {
      errors.push(`row ${row.row}: no inventory item has SKU ${row.sku}`)
      continue
    }
    if (itemId && row.location_id && row.quantity && row.expected_at) {
      creates.push({
        row: row.row,
        inventory_item_id: itemId,
        location_id: row.location_id,
        quantity: row.quantity,
        expected_at: row.expected_at,
        reference: row.reference ?? null,
      })
    }
  }
  // Every new arrival needs a stock level to be received into.
  const levelKey = (l: { inventory_item_id: string; location_id: string }) =>
    `${l.inventory_item_id}\u0000${l.location_id}`
  const editedLocations = rows.flatMap((r) =>
    r.id && r.location_id && existing.get(r.id)
      ? [
          {
            row: r.row,
            inventory_item_id: existing.get(r.id)!.inventory_item_id,
            location_id: r.location_id,
          },
        ]
      : []
  )
  const wanted = [...creates, ...editedLocations]
  if (wanted.length) {
    const levels = new Set(
      (
        await inventory.listInventoryLevels(
          {
            inventory_item_id: [
              ...new Set(wanted.map((w) => w.inventory_item_id)),
            ],
            location_id: [...new Set(wanted.map((w) => w.location_id))],
          },
          { select: ["inventory_item_id", "location_id"] }
        )
      ).map(levelKey)
    )
    for (const w of wanted) {
      if (!levels.has(levelKey(w))) {
        errors.push(
          `row ${w.row}: inventory item ${w.inventory_item_id} has no stock level at location ${w.location_id}`
        )
      }
    }
  }
  if (errors.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid CSV, nothing was imported: ${errors.slice(0, MAX_ERRORS).join("; ")}${
        errors.length > MAX_ERRORS
          ? `; and ${errors.length - MAX_ERRORS} more`
          : ""
      }`
    )
  }

  const created = creates.length
    ? (
        await createBackorderArrivalsWorkflow(req.scope).run({
          input: {
            arrivals: creates.map(({ row: _row, ...arrival }) => arrival),
            created_by: req.auth_context.actor_id,
          },
        })
      ).result
    : []
  const edits = rows.filter((r) => r.id)
  for (const edit of edits) {
    await updateBackorderArrivalWorkflow(req.scope).run({
      input: {
        id: edit.id!,
        ...(edit.location_id ? { location_id: edit.location_id } : {}),
        ...(edit.quantity ? { quantity: edit.quantity } : {}),
        ...(edit.expected_at ? { expected_at: edit.expected_at } : {}),
        ...(edit.reference !== undefined ? { reference: edit.reference } : {}),
      },
    })
  }
  const touched = await service.listBackorderArrivals({
    id: [...created.map((a) => a.id), ...edits.map((e) => e.id!)],
  })
  res.json({
    created: created.length,
    updated: edits.length,
    arrivals: await serializeArrivals(req.scope, touched as any),
  })
}

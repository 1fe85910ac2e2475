import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderArrival } from "../../../../types"
import { iso } from "../../../../utils/iso"

type ArrivalRow = {
  id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  received_quantity: number
  expected_at: Date | string
  reference?: string | null
  status: AdminBackorderArrival["status"]
  received_at?: Date | string | null
  canceled_at?: Date | string | null
  created_at: Date | string
}

/** The API shape of arrivals, with their SKUs. */
export async function serializeArrivals(
  container: MedusaContainer,
  rows: ArrivalRow[]
): Promise<AdminBackorderArrival[]> {
  const itemIds = [...new Set(rows.map((r) => r.inventory_item_id))]
  const skus = new Map(
    (itemIds.length
      ? await container
          .resolve(Modules.INVENTORY)
          .listInventoryItems({ id: itemIds }, { select: ["id", "sku"] })
      : []
    ).map((item) => [item.id, item.sku ?? null])
  )
  const now = Date.now()
  return rows.map((row) => ({
    id: row.id,
    inventory_item_id: row.inventory_item_id,
    sku: skus.get(row.inventory_item_id) ?? null,
    location_id: row.location_id,
    quantity: row.quantity,
    received_quantity: row.received_quantity,
    expected_quantity:
      row.status === "expected" ? row.quantity - row.received_quantity : 0,
    expected_at: iso(row.expected_at)!,
    reference: row.reference ?? null,
    status: row.status,
    overdue:
      row.status === "expected" && new Date(row.expected_at).getTime() < now,
    received_at: iso(row.received_at),
    canceled_at: iso(row.canceled_at),
    created_at: iso(row.created_at)!,
  }))
}

/** One arrival in its API shape; 404 naming the id when there is none. */
export async function arrivalDetail(
  container: MedusaContainer,
  id: string
): Promise<AdminBackorderArrival> {
  const [row] = await container
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackorderArrivals({ id })
  if (!row) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Arrival ${id} not found`
    )
  }
  return (await serializeArrivals(container, [row as ArrivalRow]))[0]
}

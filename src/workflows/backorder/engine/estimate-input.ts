import type { MedusaContainer } from "@medusajs/framework/types"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ExpectedArrival, PlanningSnapshot } from "../../../planner"
import { listChannelLocations } from "./channel-locations"
import { loadBackorderPlanInput } from "./load-plan-input"

/**
 * What an estimate or a preview reads (read-only, no locks: an estimate is a
 * forecast): the whole queue of the items and of every item tied to them by
 * a waiting order, their stock, and the arrivals still expected for them.
 */
export async function loadEstimateInput(
  container: MedusaContainer,
  inventoryItemIds: string[],
  /** Sales channels of orders to preview: their locations are read too. */
  channelIds: string[] = [],
  /** The items are already a whole group (expandInventoryScope's answer). */
  expanded = false
): Promise<{ snapshot: PlanningSnapshot; arrivals: ExpectedArrival[] }> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const scope =
    expanded || !inventoryItemIds.length
      ? [...new Set(inventoryItemIds)].sort()
      : await service.expandInventoryScope([...new Set(inventoryItemIds)])
  const snapshot = await loadBackorderPlanInput(container, {
    inventory_item_ids: scope,
  })
  const missing = [...new Set(channelIds)].filter(
    (id) => !snapshot.channel_locations[id]
  )
  ;(await listChannelLocations(container, missing)).forEach(
    (locations, id) => (snapshot.channel_locations[id] = locations)
  )
  return { snapshot, arrivals: await listExpectedArrivals(container, scope) }
}

/** The units still expected for these inventory items, as the planner reads them. */
export async function listExpectedArrivals(
  container: MedusaContainer,
  inventoryItemIds: string[]
): Promise<ExpectedArrival[]> {
  if (!inventoryItemIds.length) {
    return []
  }
  const rows = await container
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackorderArrivals(
      { inventory_item_id: inventoryItemIds, status: "expected" },
      {
        select: [
          "id",
          "inventory_item_id",
          "location_id",
          "quantity",
          "received_quantity",
          "expected_at",
        ],
      }
    )
  return rows.map((row) => ({
    id: row.id,
    inventory_item_id: row.inventory_item_id,
    location_id: row.location_id,
    quantity: row.quantity - row.received_quantity,
    expected_at: new Date(row.expected_at).toISOString(),
  }))
}

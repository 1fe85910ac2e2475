import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { graphRows } from "./load-plan-input"

/**
 * The stock locations of each sales channel, sorted; [] for a channel with
 * none. Read from Medusa's sales channel ↔ stock location link alone (one
 * table): a deleted location's link goes with it (Medusa's
 * `deleteStockLocationsWorkflow`), so the sales channel and stock location
 * modules have nothing to add.
 */
export async function listChannelLocations(
  container: MedusaContainer,
  channelIds: string[]
): Promise<Map<string, string[]>> {
  const ids = [...new Set(channelIds)]
  const locations = new Map(ids.map((id) => [id, [] as string[]]))
  if (!ids.length) {
    return locations
  }
  const links = await graphRows<{
    sales_channel_id: string
    stock_location_id: string
  }>(container.resolve(ContainerRegistrationKeys.QUERY), {
    entity: "sales_channel_location",
    fields: ["sales_channel_id", "stock_location_id"],
    filters: { sales_channel_id: ids },
  })
  for (const row of links) {
    locations.get(row.sales_channel_id)?.push(row.stock_location_id)
  }
  locations.forEach((list) => list.sort())
  return locations
}

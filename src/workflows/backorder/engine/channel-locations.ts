import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

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
  const { data } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({
      entity: "sales_channel_location",
      fields: ["sales_channel_id", "stock_location_id"],
      filters: { sales_channel_id: ids },
    } as any)
  for (const row of data as {
    sales_channel_id: string
    stock_location_id: string
  }[]) {
    locations.get(row.sales_channel_id)?.push(row.stock_location_id)
  }
  locations.forEach((list) => list.sort())
  return locations
}

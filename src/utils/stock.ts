import type { IInventoryService } from "@medusajs/framework/types"

/** An inventory item's stock outside the excluded (network) locations. */
export type ItemStock = { free: number; incoming: number }

const CHUNK = 1000

/**
 * Free stock (stocked − reserved per location, never below zero) and
 * incoming stock of these inventory items, summed over their locations
 * outside `excluded`, read from Medusa's inventory module a thousand items
 * at a time. An item without such a level is absent.
 */
export async function readItemStock(
  inventory: IInventoryService,
  itemIds: string[],
  excluded: ReadonlySet<string>
): Promise<Map<string, ItemStock>> {
  const stock = new Map<string, ItemStock>()
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const levels = await inventory.listInventoryLevels(
      { inventory_item_id: itemIds.slice(i, i + CHUNK) },
      {
        select: [
          "inventory_item_id",
          "location_id",
          "stocked_quantity",
          "reserved_quantity",
          "incoming_quantity",
        ],
      }
    )
    for (const level of levels) {
      if (excluded.has(level.location_id)) {
        continue
      }
      const item = stock.get(level.inventory_item_id) ?? {
        free: 0,
        incoming: 0,
      }
      item.free += Math.max(
        0,
        Number(level.stocked_quantity) - Number(level.reserved_quantity)
      )
      item.incoming += Number(level.incoming_quantity ?? 0)
      stock.set(level.inventory_item_id, item)
    }
  }
  return stock
}

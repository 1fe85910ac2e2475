import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { RestockEntry } from "../../../planner"

export type RestockRequest = {
  inventory_item_id?: string
  sku?: string
  location_id?: string
  quantity: number
}

export const resolveRestockEntriesStepId = "resolve-restock-entries"

/**
 * Turns what-if restock lines (by inventory item id or SKU, location optional)
 * into inventory item + location pairs. Unknown items, SKUs or locations fail
 * with a 404 naming them. Without a location, the item's location outside the
 * network with the most stock is used (the first by id when none has any).
 */
export const resolveRestockEntriesStep = createStep(
  resolveRestockEntriesStepId,
  async (input: { restock: RestockRequest[] }, { container }) => {
    const inventory = container.resolve(Modules.INVENTORY)
    const network = new Set(
      (
        await container
          .resolve<BackorderModuleService>(BACKORDER_MODULE)
          .getSettings()
      ).network_location_ids
    )
    const ids = input.restock.flatMap((r) =>
      r.inventory_item_id ? [r.inventory_item_id] : []
    )
    const skus = input.restock.flatMap((r) =>
      !r.inventory_item_id && r.sku ? [r.sku] : []
    )
    const items = [
      ...(ids.length
        ? await inventory.listInventoryItems(
            { id: ids },
            { select: ["id", "sku"] }
          )
        : []),
      ...(skus.length
        ? await inventory.listInventoryItems(
            { sku: skus },
            { select: ["id", "sku"] }
          )
        : []),
    ]
    const byId = new Map(items.map((item) => [item.id, item.id]))
    const bySku = new Map(
      items.filter((item) => item.sku).map((item) => [item.sku!, item.id])
    )
    const missing = input.restock
      .filter((r) =>
        r.inventory_item_id
          ? !byId.has(r.inventory_item_id)
          : !bySku.has(r.sku!)
      )
      .map((r) =>
        r.inventory_item_id
          ? `inventory item ${r.inventory_item_id}`
          : `SKU ${r.sku}`
      )
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Restock: ${missing.join(", ")} not found`
      )
    }
    const itemIds = [...new Set([...byId.values()])]
    const levels = itemIds.length
      ? await inventory.listInventoryLevels(
          { inventory_item_id: itemIds },
          { select: ["inventory_item_id", "location_id", "stocked_quantity"] }
        )
      : []
    const locationIds = input.restock.flatMap((r) =>
      r.location_id ? [r.location_id] : []
    )
    if (locationIds.length) {
      const found = await container
        .resolve(Modules.STOCK_LOCATION)
        .listStockLocations({ id: locationIds }, { select: ["id"] })
      const known = new Set(found.map((l) => l.id))
      const unknown = [...new Set(locationIds.filter((id) => !known.has(id)))]
      if (unknown.length) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Stock location with id: ${unknown.join(", ")} was not found`
        )
      }
    }

    const entries: RestockEntry[] = input.restock.map((r) => {
      const inventory_item_id = r.inventory_item_id
        ? byId.get(r.inventory_item_id)!
        : bySku.get(r.sku!)!
      const location_id =
        r.location_id ??
        levels
          .filter(
            (l) =>
              l.inventory_item_id === inventory_item_id &&
              !network.has(l.location_id)
          )
          .sort(
            (a, b) =>
              Number(b.stocked_quantity) - Number(a.stocked_quantity) ||
              (a.location_id < b.location_id ? -1 : 1)
          )[0]?.location_id
      if (!location_id) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Restock: ${r.sku ? `SKU ${r.sku}` : `inventory item ${inventory_item_id}`} is not stocked at any location; pass location_id`
        )
      }
      return { inventory_item_id, location_id, quantity: r.quantity }
    })
    return new StepResponse(entries)
  }
)

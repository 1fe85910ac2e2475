import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { InventoryEvents, Modules } from "@medusajs/framework/utils"
import { idsOfForeignEvent, queueBackorderChanges } from "../workflows"

/**
 * Stock changed at a location (admin API, core workflows, or an importer
 * calling the inventory module directly, which only emits module events; a
 * reservation deleted by a cancellation or fulfillment also lands here as a
 * level update): queue the inventory item and drain, which re-plans its
 * waiting backorders (nothing when nobody waits for it).
 * Events caused by the plugin's own reservation writes are skipped.
 */
export default async function backordersInventoryChangedHandler({
  event,
  container,
}: SubscriberArgs<{ id: string | string[] }>) {
  const ids = idsOfForeignEvent(event)
  if (!ids.length) {
    return
  }
  const levels = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ id: ids }, { select: ["id", "inventory_item_id"] })
  await queueBackorderChanges(
    container,
    [...new Set(levels.map((level) => level.inventory_item_id))].map((id) => ({
      inventory_item_id: id,
      reason: event.name,
    }))
  )
}

export const config: SubscriberConfig = {
  event: [
    "inventory-level.created",
    "inventory-level.updated",
    // Also the module's own events, on purpose: stock changed by code that
    // calls the inventory module directly emits no workflow event, and a
    // missed restock would leave backorders waiting on stock that is there.
    /* eslint-disable @medusajs/prefer-workflow-event-over-module-event */
    InventoryEvents.INVENTORY_LEVEL_CREATED,
    InventoryEvents.INVENTORY_LEVEL_UPDATED,
    /* eslint-enable @medusajs/prefer-workflow-event-over-module-event */
  ],
  context: { subscriberId: "backorders-inventory-changed" },
}

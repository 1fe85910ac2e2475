import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { InventoryEvents, Modules } from "@medusajs/framework/utils"
import {
  backorderRunContext,
  isOwnBackorderEvent,
  releaseBackordersWorkflow,
} from "../workflows"

/**
 * Stock changed at a location (admin API, core workflows, or an importer
 * calling the inventory module directly, which only emits module events; a
 * reservation deleted by a cancellation or fulfillment also lands here as a
 * level update): re-plan the waiting backorders of that inventory item.
 * Events caused by the plugin's own reservation writes are skipped.
 */
export default async function backordersInventoryChangedHandler({
  event,
  container,
}: SubscriberArgs<{ id: string | string[] }>) {
  if (
    isOwnBackorderEvent(event.metadata as Record<string, unknown> | undefined)
  ) {
    return
  }
  const ids = ([] as string[]).concat(event.data?.id ?? [])
  if (!ids.length) {
    return
  }
  const levels = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ id: ids }, { select: ["id", "inventory_item_id"] })
  const inventoryItemIds = [
    ...new Set(levels.map((level) => level.inventory_item_id)),
  ]
  if (!inventoryItemIds.length) {
    return
  }
  await releaseBackordersWorkflow(container).run({
    input: { inventory_item_ids: inventoryItemIds },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: [
    "inventory-level.created",
    "inventory-level.updated",
    InventoryEvents.INVENTORY_LEVEL_CREATED,
    InventoryEvents.INVENTORY_LEVEL_UPDATED,
  ],
  context: { subscriberId: "backorders-inventory-changed" },
}

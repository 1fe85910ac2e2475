import { buildBackorderPlan } from "./build-backorder-plan"
import type { PlanningSnapshot } from "./types"

export type BlockingSku = {
  inventory_item_id: string
  sku: string | null
  /** Inventory units of this item the waiting orders it blocks still miss. */
  units_backordered: number
  /** Waiting orders this item keeps from being released. */
  orders_waiting: number
  oldest_waiting_since: string
}

/**
 * Which inventory items keep orders waiting, from the planner's own
 * explanation: an item counts for an order only where it is what the order
 * misses (a kit blocked by its boards does not count its bolts in stock).
 * Pure.
 *
 * @example
 * // Order A misses 2 boards of a kit whose bolts are in stock → [{ SHELF-BOARD, 2 units, 1 order }]
 */
export function blockingSkus(snapshot: PlanningSnapshot): BlockingSku[] {
  const plan = buildBackorderPlan(snapshot)
  const since = new Map(
    snapshot.waiting.map((b) => [b.order_id, b.backordered_at])
  )
  const byItem = new Map<
    string,
    { units: number; orders: Set<string>; oldest: string }
  >()
  for (const explanation of plan.explanations) {
    const waitingSince = since.get(explanation.order_id) ?? snapshot.now
    for (const blocked of explanation.blocked_by) {
      const entry = byItem.get(blocked.inventory_item_id) ?? {
        units: 0,
        orders: new Set(),
        oldest: waitingSince,
      }
      entry.units += blocked.missing
      entry.orders.add(explanation.order_id)
      entry.oldest = waitingSince < entry.oldest ? waitingSince : entry.oldest
      byItem.set(blocked.inventory_item_id, entry)
    }
  }
  return [...byItem.entries()]
    .map(([inventory_item_id, entry]) => ({
      inventory_item_id,
      sku: snapshot.item_labels[inventory_item_id] ?? null,
      units_backordered: entry.units,
      orders_waiting: entry.orders.size,
      oldest_waiting_since: entry.oldest,
    }))
    .sort((a, b) => (a.inventory_item_id < b.inventory_item_id ? -1 : 1))
}

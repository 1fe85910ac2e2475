import { buildBackorderPlan } from "./build-plan"
import type { PlanningSnapshot } from "./backorder"

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

/** Per item: units its waiting lines miss, their backorders, the oldest wait. */
export type ShortageFigure = {
  inventory_item_id: string
  units: number
  orders: number
  oldest: string
}

/** What the queue index counts for the SKU report (see `skuShortages`). */
export type ShortageInput = {
  /** Single-item waiting lines, per item. */
  singles: ShortageFigure[]
  /**
   * Waiting kit lines, per item they are short of (all their items when
   * each alone is in stock: never together at one location), counted by the
   * module against free stock.
   */
  kits: ShortageFigure[]
}

/**
 * Which items keep orders waiting, from figures the queue index counts per
 * item (O(items) to read at any queue length): single-item and kit lines
 * added up per item, the oldest wait of either.
 *
 * @example
 * // 5 units / 2 orders of single lines and 2 units / 1 kit order on LAMP → LAMP: 7 units, 3 orders.
 */
export function skuShortages(
  input: ShortageInput,
  labels: Record<string, string | null> = {}
): BlockingSku[] {
  const byItem = new Map<string, ShortageFigure>()
  for (const row of [...input.singles, ...input.kits]) {
    const found = byItem.get(row.inventory_item_id)
    byItem.set(
      row.inventory_item_id,
      found
        ? {
            ...found,
            units: found.units + row.units,
            orders: found.orders + row.orders,
            oldest: row.oldest < found.oldest ? row.oldest : found.oldest,
          }
        : { ...row }
    )
  }
  return [...byItem.values()]
    .map((found) => ({
      inventory_item_id: found.inventory_item_id,
      sku: labels[found.inventory_item_id] ?? null,
      units_backordered: found.units,
      orders_waiting: found.orders,
      oldest_waiting_since: found.oldest,
    }))
    .sort((a, b) => (a.inventory_item_id < b.inventory_item_id ? -1 : 1))
}

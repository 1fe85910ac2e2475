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

/** What the queue index counts for the SKU report (see `skuShortages`). */
export type ShortageInput = {
  /** Per item: units single-item waiting lines miss, their backorders, the oldest wait. */
  singles: {
    inventory_item_id: string
    units: number
    orders: number
    oldest: string
  }[]
  /** Waiting kit lines, one row per component with the units it misses. */
  kits: {
    line_id: string
    backorder_id: string
    inventory_item_id: string
    missing: number
    backordered_at: string
  }[]
  /** Free units per item at the locations automatic release uses. */
  free: Record<string, number>
}

/**
 * Which items keep orders waiting, from figures the queue index counts
 * (O(items) to read at any queue length). A single-item line is blocked by its
 * item. A kit line is blocked by the components whose free stock is less than
 * what the line misses of them — all of them when each alone would do (they
 * are never together at one location) — so a kit short of boards does not
 * count its bolts in stock.
 *
 * @example
 * // A kit misses 4 bolts (8 free) and 2 boards (1 free) → only BOARD counts, 2 units, 1 order.
 */
export function skuShortages(
  input: ShortageInput,
  labels: Record<string, string | null> = {}
): BlockingSku[] {
  const byItem = new Map<
    string,
    { units: number; orders: Set<string>; counted: number; oldest: string }
  >()
  const entry = (itemId: string, oldest: string) => {
    const found = byItem.get(itemId) ?? {
      units: 0,
      orders: new Set<string>(),
      counted: 0,
      oldest,
    }
    found.oldest = oldest < found.oldest ? oldest : found.oldest
    byItem.set(itemId, found)
    return found
  }
  for (const row of input.singles) {
    const found = entry(row.inventory_item_id, row.oldest)
    found.units += row.units
    found.counted += row.orders
  }
  const lines = new Map<string, ShortageInput["kits"]>()
  for (const row of input.kits) {
    lines.set(row.line_id, [...(lines.get(row.line_id) ?? []), row])
  }
  for (const components of lines.values()) {
    const short = components.filter(
      (c) => (input.free[c.inventory_item_id] ?? 0) < c.missing
    )
    for (const c of short.length ? short : components) {
      const found = entry(c.inventory_item_id, c.backordered_at)
      found.units += c.missing
      found.orders.add(c.backorder_id)
    }
  }
  return [...byItem.entries()]
    .map(([inventory_item_id, found]) => ({
      inventory_item_id,
      sku: labels[inventory_item_id] ?? null,
      units_backordered: found.units,
      orders_waiting: found.counted + found.orders.size,
      oldest_waiting_since: found.oldest,
    }))
    .sort((a, b) => (a.inventory_item_id < b.inventory_item_id ? -1 : 1))
}

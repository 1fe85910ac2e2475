import { buildBackorderPlan } from "./build-plan"
import type { PlanningSnapshot } from "./backorder"

export type RestockEntry = {
  inventory_item_id: string
  location_id: string
  quantity: number
}

export type RestockSimulation = {
  released: { backorder_id: string; order_id: string }[]
  unlockable: { backorder_id: string; order_id: string }[]
  remaining: {
    inventory_item_id: string
    location_id: string
    quantity: number
  }[]
}

/** The snapshot with its stock raised by `restock` (levels that do not exist yet are added). */
export function withRestock(
  snapshot: PlanningSnapshot,
  restock: RestockEntry[]
): PlanningSnapshot {
  const added = new Map<string, number>()
  for (const entry of restock) {
    const key = `${entry.inventory_item_id}\u0000${entry.location_id}`
    added.set(key, (added.get(key) ?? 0) + entry.quantity)
  }
  const levels = snapshot.levels.map((level) => {
    const key = `${level.inventory_item_id}\u0000${level.location_id}`
    const extra = added.get(key) ?? 0
    added.delete(key)
    return { ...level, stocked_quantity: level.stocked_quantity + extra }
  })
  for (const [key, quantity] of added) {
    const [inventory_item_id, location_id] = key.split("\u0000")
    levels.push({
      inventory_item_id,
      location_id,
      stocked_quantity: quantity,
      reserved_quantity: 0,
    })
  }
  return { ...snapshot, levels }
}

/**
 * What a restock would do, answered by the same planner as the real release:
 * the snapshot's stock is raised by the restock and planned. Which waiting
 * backorders would release, which would have units to ship (unlockable), and
 * how many restocked units would stay free. Pure; nothing is written.
 *
 * @example
 * // 2 waiting orders for 2 and 3 units, restock 4 → the first releases, the
 * // second becomes unlockable (2 of 3 covered), remaining 0.
 */
export function simulateRestock(
  snapshot: PlanningSnapshot,
  restock: RestockEntry[]
): RestockSimulation {
  const plan = buildBackorderPlan(
    withRestock(snapshot, restock),
    {},
    {
      explain: false,
    }
  )
  const backorderByOrder = new Map(
    snapshot.waiting.map((b) => [b.order_id, b.id])
  )
  const restocked = new Set(
    restock.map((e) => `${e.inventory_item_id}\u0000${e.location_id}`)
  )

  return {
    released: plan.released.map((b) => ({
      backorder_id: b.id,
      order_id: b.order_id,
    })),
    unlockable: plan.planned
      .filter(
        (order) =>
          backorderByOrder.has(order.order_id) &&
          !order.fully_covered &&
          order.covered_units > 0
      )
      .map((order) => ({
        backorder_id: backorderByOrder.get(order.order_id)!,
        order_id: order.order_id,
      })),
    remaining: plan.remaining
      .filter((cell) =>
        restocked.has(`${cell.inventory_item_id}\u0000${cell.location_id}`)
      )
      .map((cell) => ({
        inventory_item_id: cell.inventory_item_id,
        location_id: cell.location_id,
        quantity: cell.free,
      })),
  }
}

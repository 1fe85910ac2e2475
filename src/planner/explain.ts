import type { DetailedPlanResult, PlannedLine } from "./plan"
import type {
  BlockingItem,
  DemandComponent,
  DemandOrder,
  LineExplanation,
  OrderExplanation,
} from "./types"

type ExplainOptions = {
  /** Human labels (SKUs) per inventory item id, used in the summary text. */
  labels?: Record<string, string>
}

function requiredQuantities(
  orders: readonly DemandOrder[]
): Map<string, Map<string, number>> {
  const perLine = new Map<string, Map<string, number>>()
  for (const order of orders) {
    for (const line of order.lines) {
      const perItem = new Map<string, number>()
      for (const component of line.components as DemandComponent[]) {
        perItem.set(
          component.inventory_item_id,
          (perItem.get(component.inventory_item_id) ?? 0) +
            Math.max(1, Math.floor(component.required_quantity))
        )
      }
      perLine.set(`${order.key}\u0000${line.line_item_id}`, perItem)
    }
  }
  return perLine
}

function reasonOf(line: PlannedLine): LineExplanation["reason"] {
  if (line.backordered === 0) {
    return "covered"
  }
  return line.short_items.length
    ? "waiting_for_stock"
    : "waiting_for_other_lines"
}

/**
 * Explains a plan per order and line: why a line is not covered, its place in
 * the queue of the item that blocks it, and how many units of that item must
 * arrive before it is covered (units the orders ahead still miss + its own).
 *
 * @example
 * // Free stock 0; order A (rank 1) misses 4 of item i, order B (rank 2) misses 2.
 * // B's line: queue_position 2, units_ahead 4, blocking [{ inventory_item_id: "i",
 * // missing: 2, units_ahead: 4, orders_ahead: 1, needed_to_cover: 6 }]
 */
export function explainPlan(
  orders: readonly DemandOrder[],
  plan: DetailedPlanResult,
  options: ExplainOptions = {}
): OrderExplanation[] {
  const labels = options.labels ?? {}
  const label = (itemId: string) => labels[itemId] ?? itemId
  const required = requiredQuantities(orders)
  const unitsAhead = new Map<string, number>()
  const ordersAhead = new Map<string, number>()

  return plan.orders.map((order) => {
    const missingByItem = new Map<string, number>()

    const lines = order.lines.map((line): LineExplanation => {
      const perItem =
        required.get(`${order.key}\u0000${line.line_item_id}`) ?? new Map()
      const blocking: BlockingItem[] = line.short_items.map((itemId) => {
        const missing = line.backordered * (perItem.get(itemId) ?? 1)
        const ahead = unitsAhead.get(itemId) ?? 0
        missingByItem.set(itemId, (missingByItem.get(itemId) ?? 0) + missing)
        return {
          inventory_item_id: itemId,
          missing,
          units_ahead: ahead,
          orders_ahead: ordersAhead.get(itemId) ?? 0,
          needed_to_cover: ahead + missing,
        }
      })
      const worst = blocking.reduce<BlockingItem | null>(
        (acc, item) =>
          !acc || item.needed_to_cover > acc.needed_to_cover ? item : acc,
        null
      )
      return {
        line_item_id: line.line_item_id,
        quantity: line.quantity,
        covered: line.covered,
        backordered: line.backordered,
        reason: reasonOf(line),
        queue_position: worst ? worst.orders_ahead + 1 : null,
        units_ahead: worst ? worst.units_ahead : 0,
        blocking,
      }
    })

    for (const [itemId, missing] of missingByItem) {
      unitsAhead.set(itemId, (unitsAhead.get(itemId) ?? 0) + missing)
      ordersAhead.set(itemId, (ordersAhead.get(itemId) ?? 0) + 1)
    }

    const blocked_by = [...missingByItem.entries()].map(
      ([inventory_item_id, missing]) => ({
        inventory_item_id,
        missing,
      })
    )
    const summary = order.fully_covered
      ? "All units are covered by stock: ready to release."
      : blocked_by.length
        ? "Waiting for " +
          lines
            .flatMap((line) => line.blocking)
            .map(
              (item) =>
                `${item.missing} × ${label(item.inventory_item_id)} (${item.units_ahead} ahead in queue; ${item.needed_to_cover} must arrive)`
            )
            .join(", ") +
          "."
        : "Every line could be covered on its own, but the complete policy releases only whole orders."

    return {
      key: order.key,
      order_id: order.order_id,
      rank: order.rank,
      releasable: order.fully_covered,
      lines,
      blocked_by,
      summary,
    }
  })
}

/**
 * Stage 5 of a backorder plan: early releases (Divide / Send what's
 * available). The covered units of the requested backorders are released for
 * fulfillment while the rest keeps its place in the queue.
 */
import type { DivideOutcome, PlanIntent, PlanningSnapshot } from "./backorder"
import type { PlannedOrder } from "./plan"
import { whyNotWaiting, type WorkOrders } from "./work-orders"

export type EarlyReleases = {
  /** Per requested backorder, what Divide / Send what's available did. */
  divide_results: DivideOutcome[]
  /** Units released now, per line item. */
  releasedEarly: Map<string, number>
}

/**
 * Decides, per requested backorder, what ships now: a fully covered one is
 * released whole, one with covered units is divided, one with nothing to ship
 * is skipped with the reason.
 *
 * @example
 * // A line of 3 with 2 covered, divided: shipped 2, remaining 1.
 */
export function planEarlyReleases(
  snapshot: PlanningSnapshot,
  intent: PlanIntent,
  { work, toCancel }: WorkOrders,
  plannedByKey: Map<string, PlannedOrder>
): EarlyReleases {
  const divide_results: DivideOutcome[] = []
  const releasedEarly = new Map<string, number>()
  const workByBackorder = new Map(
    work.filter((o) => o.backorder).map((o) => [o.backorder!.id, o])
  )
  for (const id of intent.divide?.backorder_ids ?? []) {
    const order = workByBackorder.get(id)
    if (!order) {
      divide_results.push({
        backorder_id: id,
        outcome: "skipped",
        ...whyNotWaiting(snapshot, toCancel, id),
        lines: [],
      })
      continue
    }
    const planned = plannedByKey.get(order.demand.key)!
    const lines = order.lines.map((line, index) => ({
      line_item_id: line.line.line_item_id,
      shipped: planned.lines[index].covered,
      remaining: planned.lines[index].backordered,
    }))
    if (planned.fully_covered) {
      divide_results.push({
        backorder_id: id,
        order_id: order.demand.order_id,
        outcome: "released",
        lines,
      })
      continue
    }
    const shippable = lines.reduce((sum, line) => sum + line.shipped, 0)
    if (!shippable) {
      const releasedBefore = order.lines.some(
        (line) => line.line.quantity_released > 0
      )
      divide_results.push({
        backorder_id: id,
        order_id: order.demand.order_id,
        outcome: "skipped",
        reason: releasedBefore
          ? "nothing new to ship: the units in stock were already released"
          : snapshot.policy === "complete" && intent.divide?.mode === "divide"
            ? "nothing is covered: the complete policy holds stock only for whole orders (use Send what's available)"
            : "nothing to ship yet: no stock covers any of its units",
        lines: lines.map((line) => ({ ...line, shipped: 0 })),
      })
      continue
    }
    lines.forEach((line) => releasedEarly.set(line.line_item_id, line.shipped))
    divide_results.push({
      backorder_id: id,
      order_id: order.demand.order_id,
      outcome: "divided",
      lines,
    })
  }

  return { divide_results, releasedEarly }
}

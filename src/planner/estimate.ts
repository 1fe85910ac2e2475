import { buildBackorderPlan } from "./build-plan"
import type { PlanningSnapshot } from "./backorder"
import { withRestock } from "./simulate"
import { applyPlan } from "./apply-plan"

/** Stock a merchant or an integration expects at a location on a date. */
export type ExpectedArrival = {
  id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  /** ISO date-time. */
  expected_at: string
}

/**
 * Why a waiting order has no estimated date: an item it misses has no
 * arrival expected, the expected units go to orders ahead of it in the
 * queue, or even all expected units would not cover what it misses.
 */
export type EstimateReason =
  | "nothing_expected"
  | "expected_units_go_to_orders_ahead"
  | "not_enough_expected"

export type LineEstimate = {
  line_item_id: string
  /** When the line can ship: now, an arrival's date, or null. */
  estimated_at: string | null
}

export type BackorderEstimate = {
  backorder_id: string
  order_id: string
  /** When the whole order can ship (its last line's date), or null. */
  estimated_at: string | null
  reason: EstimateReason | null
  /** Inventory items it still misses after every expected arrival. */
  missing_items: string[]
  lines: LineEstimate[]
}

/**
 * Estimated dates for the waiting backorders of a snapshot (DESIGN D12):
 * the expected arrivals are received in date order, one date at a time, and
 * after each the queue is planned again by the same planner that releases
 * orders — the rank order, the allocation policy, the locations each sales
 * channel may use (network locations are never used). A line's date is the
 * first at which it is fully covered; an order's, the first at which all its
 * lines are. An order ready now gets `now`. An order that no arrival
 * completes gets null and the reason.
 *
 * Pure and deterministic. The snapshot should hold the whole queue of its
 * items (an order's date depends on every order ahead of it).
 *
 * @example
 * // 3 orders of 2 units waiting, 0 in stock, 4 expected on 1 Dec and 2 on
 * // 8 Dec → the first two orders 1 Dec, the third 8 Dec.
 */
export function estimateArrivals(
  snapshot: PlanningSnapshot,
  arrivals: ExpectedArrival[]
): BackorderEstimate[] {
  const base: PlanningSnapshot = { ...snapshot, new_orders: [] }
  const waiting = base.waiting.filter(
    (b) => !base.canceled_order_ids.includes(b.order_id)
  )
  const estimates = new Map(
    waiting.map((b) => [
      b.order_id,
      {
        backorder_id: b.id,
        order_id: b.order_id,
        estimated_at: null as string | null,
        lines: new Map<string, string | null>(
          b.lines.map((l) => [l.line_item_id, null])
        ),
      },
    ])
  )
  const scope = new Set(base.scope)
  const usable = arrivals
    .filter(
      (a) =>
        a.quantity > 0 &&
        scope.has(a.inventory_item_id) &&
        !base.network_location_ids.includes(a.location_id) &&
        Number.isFinite(Date.parse(a.expected_at))
    )
    .map((a) => ({ ...a, expected_at: new Date(a.expected_at).toISOString() }))
    .sort((a, b) =>
      a.expected_at < b.expected_at ? -1 : a.expected_at > b.expected_at ? 1 : 0
    )
  const dates = [...new Set(usable.map((a) => a.expected_at))]

  /** Plans the state as of `date`; records the lines and orders it makes ready. */
  const step = (date: string, state: PlanningSnapshot) => {
    const plan = buildBackorderPlan(state, {}, { explain: false })
    for (const planned of plan.planned) {
      const estimate = estimates.get(planned.order_id)
      if (!estimate) {
        continue
      }
      for (const line of planned.lines) {
        if (
          line.backordered === 0 &&
          estimate.lines.get(line.line_item_id) === null
        ) {
          estimate.lines.set(line.line_item_id, date)
        }
      }
    }
    for (const { order_id } of plan.released) {
      const estimate = estimates.get(order_id)
      if (estimate && estimate.estimated_at === null) {
        estimate.estimated_at = date
        // Lines with nothing left to cover are ready with the order.
        for (const [id, at] of estimate.lines) {
          if (at === null) {
            estimate.lines.set(id, date)
          }
        }
      }
    }
    return { plan, next: applyPlan(state, plan) }
  }

  // Now, then each arrival date in turn: what is released on a date keeps
  // its stock (as a real release would), what waits keeps what it holds.
  const now = new Date(Date.parse(base.now)).toISOString()
  let { plan: last, next: state } = step(now, base)
  for (const date of dates) {
    if ([...estimates.values()].every((e) => e.estimated_at !== null)) {
      break
    }
    // An arrival already overdue counts from now: it is expected any time.
    const at = date < now ? now : date
    ;({ plan: last, next: state } = step(
      at,
      withRestock(
        state,
        usable.filter((a) => a.expected_at === date)
      )
    ))
  }

  // Why the rest gets no date: what it misses after everything arrived.
  const expectedItems = new Set(usable.map((a) => a.inventory_item_id))
  const totalExpected = new Map<string, number>()
  for (const arrival of usable) {
    totalExpected.set(
      arrival.inventory_item_id,
      (totalExpected.get(arrival.inventory_item_id) ?? 0) + arrival.quantity
    )
  }
  const finalByOrder = new Map(last.planned.map((p) => [p.order_id, p]))
  return waiting.map((backorder): BackorderEstimate => {
    const estimate = estimates.get(backorder.order_id)!
    const planned = finalByOrder.get(backorder.order_id)
    const missing = [
      ...new Set(
        (planned?.lines ?? [])
          .filter((line) => line.backordered > 0)
          .flatMap((line) => line.short_items)
      ),
    ].sort()
    let reason: EstimateReason | null = null
    if (estimate.estimated_at === null) {
      if (missing.some((item) => !expectedItems.has(item))) {
        reason = "nothing_expected"
      } else {
        // Would the expected units and the free stock cover it if nobody were ahead?
        const lines = new Set(backorder.lines.map((l) => l.line_item_id))
        const own = missing.some((item) => {
          const needed = backorder.lines.reduce(
            (sum, line) =>
              sum +
              line.components
                .filter((c) => c.inventory_item_id === item)
                .reduce(
                  (units, c) =>
                    units +
                    Math.max(0, line.quantity - line.quantity_released) *
                      c.required_quantity,
                  0
                ),
            0
          )
          const held = base.reservations
            .filter(
              (r) => lines.has(r.line_item_id) && r.inventory_item_id === item
            )
            .reduce((sum, r) => sum + r.quantity, 0)
          const free = base.levels
            .filter(
              (l) =>
                l.inventory_item_id === item &&
                !base.network_location_ids.includes(l.location_id)
            )
            .reduce(
              (sum, l) =>
                sum + Math.max(0, l.stocked_quantity - l.reserved_quantity),
              0
            )
          return needed > held + free + (totalExpected.get(item) ?? 0)
        })
        reason = own
          ? "not_enough_expected"
          : "expected_units_go_to_orders_ahead"
      }
    }
    return {
      backorder_id: backorder.id,
      order_id: backorder.order_id,
      estimated_at: estimate.estimated_at,
      reason,
      missing_items: estimate.estimated_at === null ? missing : [],
      lines: backorder.lines.map((line) => ({
        line_item_id: line.line_item_id,
        estimated_at: estimate.lines.get(line.line_item_id) ?? null,
      })),
    }
  })
}

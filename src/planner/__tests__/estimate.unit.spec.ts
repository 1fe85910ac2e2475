import fc from "fast-check"
import {
  applyPlan,
  buildBackorderPlan,
  estimateArrivals,
  simulateRestock,
  withRestock,
  type ExpectedArrival,
  type SnapshotBackorder,
} from ".."
import { level, NOW, snapshot, waiting } from "./snapshot-fixtures"

const DEC_1 = "2026-12-01T00:00:00.000Z"
const DEC_8 = "2026-12-08T00:00:00.000Z"

const arrival = (
  quantity: number,
  expected_at: string,
  extra: Partial<ExpectedArrival> = {}
): ExpectedArrival => ({
  id: `arr_${quantity}_${expected_at}`,
  inventory_item_id: "item_1",
  location_id: "loc_1",
  quantity,
  expected_at,
  ...extra,
})

const byOrder = (estimates: ReturnType<typeof estimateArrivals>) =>
  Object.fromEntries(estimates.map((e) => [e.order_id, e]))

/** A waiting backorder with one line per item: `needs` maps item → units. */
const waitingFor = (
  orderId: string,
  needs: Record<string, number>,
  extra: Partial<SnapshotBackorder> = {}
): SnapshotBackorder => {
  const base = waiting(orderId, 1, 0, extra)
  return {
    ...base,
    lines: Object.entries(needs).map(([item, quantity], index) => ({
      ...base.lines[0],
      id: `bol_${orderId}_${index}`,
      line_item_id: `${orderId}_line_${index}`,
      quantity,
      components: [{ inventory_item_id: item, required_quantity: 1 }],
    })),
  }
}

describe("estimateArrivals", () => {
  it("gives the first orders the first arrival's date and the next the next: 3 × 2 waiting, 4 on 1 Dec, 2 on 8 Dec", () => {
    const estimates = byOrder(
      estimateArrivals(
        snapshot({
          levels: [level(0, 0)],
          waiting: [
            waiting("order1", 2, 0),
            waiting("order2", 2, 0),
            waiting("order3", 2, 0),
          ],
        }),
        [arrival(4, DEC_1), arrival(2, DEC_8)]
      )
    )
    expect(estimates.order1).toMatchObject({
      estimated_at: DEC_1,
      reason: null,
    })
    expect(estimates.order2).toMatchObject({
      estimated_at: DEC_1,
      reason: null,
    })
    expect(estimates.order3).toMatchObject({
      estimated_at: DEC_8,
      reason: null,
      lines: [{ line_item_id: "order3_line", estimated_at: DEC_8 }],
    })
  })

  it("dates an order whose stock is already free now", () => {
    const [estimate] = estimateArrivals(
      snapshot({ levels: [level(2, 0)], waiting: [waiting("order1", 2, 0)] }),
      []
    )
    expect(estimate).toMatchObject({ estimated_at: NOW, reason: null })
  })

  it("says nothing is expected when no arrival brings what the order misses", () => {
    const [estimate] = estimateArrivals(
      snapshot({ levels: [level(0, 0)], waiting: [waiting("order1", 2, 0)] }),
      [arrival(5, DEC_1, { inventory_item_id: "item_other" })]
    )
    expect(estimate).toMatchObject({
      estimated_at: null,
      reason: "nothing_expected",
      missing_items: ["item_1"],
    })
  })

  it("says the expected units go to orders ahead", () => {
    const estimates = byOrder(
      estimateArrivals(
        snapshot({
          levels: [level(0, 0)],
          waiting: [waiting("order1", 2, 0), waiting("order2", 2, 0)],
        }),
        [arrival(2, DEC_1)]
      )
    )
    expect(estimates.order1.estimated_at).toBe(DEC_1)
    expect(estimates.order2).toMatchObject({
      estimated_at: null,
      reason: "expected_units_go_to_orders_ahead",
    })
  })

  it("says when even every expected unit would not cover the order", () => {
    const [estimate] = estimateArrivals(
      snapshot({ levels: [level(0, 0)], waiting: [waiting("order1", 5, 0)] }),
      [arrival(2, DEC_1), arrival(1, DEC_8)]
    )
    expect(estimate).toMatchObject({
      estimated_at: null,
      reason: "not_enough_expected",
    })
  })

  it("never counts arrivals at network locations (automatic release does not use them)", () => {
    const [estimate] = estimateArrivals(
      snapshot({
        levels: [level(0, 0)],
        network_location_ids: ["loc_partner"],
        waiting: [waiting("order1", 1, 0)],
      }),
      [arrival(5, DEC_1, { location_id: "loc_partner" })]
    )
    expect(estimate).toMatchObject({
      estimated_at: null,
      reason: "nothing_expected",
    })
  })

  it("counts an overdue arrival from now", () => {
    const [estimate] = estimateArrivals(
      snapshot({ levels: [level(0, 0)], waiting: [waiting("order1", 1, 0)] }),
      [arrival(1, "2026-05-01T00:00:00.000Z")]
    )
    expect(estimate.estimated_at).toBe(NOW)
  })

  it("dates each line by its own item and the order by its last line", () => {
    const [estimate] = estimateArrivals(
      snapshot({
        scope: ["item_1", "item_2"],
        levels: [level(0, 0), level(0, 0, "loc_1", "item_2")],
        waiting: [waitingFor("order1", { item_1: 1, item_2: 1 })],
      }),
      [arrival(1, DEC_1), arrival(1, DEC_8, { inventory_item_id: "item_2" })]
    )
    expect(estimate).toMatchObject({
      estimated_at: DEC_8,
      lines: [
        { line_item_id: "order1_line_0", estimated_at: DEC_1 },
        { line_item_id: "order1_line_1", estimated_at: DEC_8 },
      ],
    })
  })
})

describe("estimateArrivals properties", () => {
  const items = ["item_1", "item_2"]
  const DAYS = Array.from(
    { length: 6 },
    (_, i) => `2026-12-0${i + 1}T00:00:00.000Z`
  )

  const queueArb = fc
    .array(
      fc.record({
        priority: fc.integer({ min: 0, max: 2 }),
        created: fc.integer({ min: 0, max: 5 }),
        needs: fc.oneof(
          fc.record({ item_1: fc.integer({ min: 1, max: 4 }) }),
          fc.record({ item_2: fc.integer({ min: 1, max: 4 }) }),
          fc.record({
            item_1: fc.integer({ min: 1, max: 3 }),
            item_2: fc.integer({ min: 1, max: 3 }),
          })
        ),
      }),
      { minLength: 1, maxLength: 8 }
    )
    .map((orders) =>
      orders.map((o, i) =>
        waitingFor(`order${i + 1}`, o.needs as Record<string, number>, {
          priority: o.priority,
          order_created_at: `2026-06-01T0${o.created}:00:00.000Z`,
        })
      )
    )
  const arrivalsArb = fc.array(
    fc.record({
      item: fc.constantFrom(...items),
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      quantity: fc.integer({ min: 1, max: 6 }),
    }),
    { maxLength: 6 }
  )
  const policyArb = fc.constantFrom("fill" as const, "complete" as const)

  const snapshotOf = (
    queue: SnapshotBackorder[],
    policy: "fill" | "complete"
  ) =>
    snapshot({
      policy,
      scope: items,
      levels: items.map((item) => level(0, 0, "loc_1", item)),
      waiting: queue,
    })
  const arrivalsOf = (
    list: { item: string; day: number; quantity: number }[]
  ): ExpectedArrival[] =>
    list.map((a, i) =>
      arrival(a.quantity, DAYS[a.day], {
        id: `arr_${i}`,
        inventory_item_id: a.item,
      })
    )
  const rankBefore = (a: SnapshotBackorder, b: SnapshotBackorder) =>
    a.priority !== b.priority
      ? a.priority > b.priority
      : a.order_created_at !== b.order_created_at
        ? a.order_created_at < b.order_created_at
        : a.order_display_id < b.order_display_id
  const sameNeeds = (a: SnapshotBackorder, b: SnapshotBackorder) =>
    JSON.stringify(a.lines.map((l) => [l.components, l.quantity])) ===
    JSON.stringify(b.lines.map((l) => [l.components, l.quantity]))
  const later = (a: string | null, b: string | null) =>
    a === null ? b !== null : b !== null && a > b

  it("never dates an order earlier than one ahead of it with the same needs", () => {
    fc.assert(
      fc.property(queueArb, arrivalsArb, policyArb, (queue, list, policy) => {
        const estimates = byOrder(
          estimateArrivals(snapshotOf(queue, policy), arrivalsOf(list))
        )
        for (const ahead of queue) {
          for (const behind of queue) {
            if (
              ahead !== behind &&
              rankBefore(ahead, behind) &&
              sameNeeds(ahead, behind)
            ) {
              expect(
                later(
                  estimates[ahead.order_id].estimated_at,
                  estimates[behind.order_id].estimated_at
                )
              ).toBe(false)
            }
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it("receiving the first expected date's units releases exactly the orders dated then", () => {
    fc.assert(
      fc.property(queueArb, arrivalsArb, policyArb, (queue, list, policy) => {
        const snap = snapshotOf(queue, policy)
        const arrivals = arrivalsOf(list)
        if (!arrivals.length) {
          return
        }
        const estimates = estimateArrivals(snap, arrivals)
        const first = arrivals.map((a) => a.expected_at).sort()[0]
        const released = simulateRestock(
          snap,
          arrivals.filter((a) => a.expected_at === first)
        )
          .released.map((b) => b.order_id)
          .sort()
        const dated = estimates
          .filter((e) => e.estimated_at !== null && e.estimated_at <= first)
          .map((e) => e.order_id)
          .sort()
        expect(released).toEqual(dated)
      }),
      { numRuns: 300 }
    )
  })

  it("steps through time like the real releases: a plan applied to its snapshot is a fixed point", () => {
    fc.assert(
      fc.property(queueArb, arrivalsArb, policyArb, (queue, list, policy) => {
        let state = snapshotOf(queue, policy)
        for (const day of [
          ...new Set(arrivalsOf(list).map((a) => a.expected_at)),
        ].sort()) {
          state = withRestock(
            state,
            arrivalsOf(list).filter((a) => a.expected_at === day)
          )
          state = applyPlan(state, buildBackorderPlan(state))
          const again = buildBackorderPlan(state)
          expect(again.released).toEqual([])
          expect(again.reservations).toEqual({
            create: [],
            update: [],
            mark: [],
            delete: [],
          })
          // Reservations stay real stock.
          for (const level of state.levels) {
            expect(level.reserved_quantity).toBeLessThanOrEqual(
              level.stocked_quantity
            )
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it("dates an order by its last line, and leaves none of its lines later", () => {
    fc.assert(
      fc.property(queueArb, arrivalsArb, policyArb, (queue, list, policy) => {
        for (const estimate of estimateArrivals(
          snapshotOf(queue, policy),
          arrivalsOf(list)
        )) {
          if (estimate.estimated_at !== null) {
            expect(estimate.reason).toBeNull()
            for (const line of estimate.lines) {
              expect(line.estimated_at).not.toBeNull()
              expect(line.estimated_at! <= estimate.estimated_at).toBe(true)
            }
            expect(
              estimate.lines.some(
                (l) => l.estimated_at === estimate.estimated_at
              )
            ).toBe(true)
          } else {
            expect(estimate.reason).not.toBeNull()
          }
        }
      }),
      { numRuns: 300 }
    )
  })
})

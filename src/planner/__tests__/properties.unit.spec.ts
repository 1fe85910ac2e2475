import fc from "fast-check"
import { planAllocation } from "../plan"
import { compareRank } from "../rank"
import type { DemandOrder, PlanInput } from "../types"

const items = ["item_a", "item_b", "item_c"]
const locations = ["loc_1", "loc_2", "loc_3"]

const componentArb = fc.record({
  inventory_item_id: fc.constantFrom(...items),
  required_quantity: fc.integer({ min: 1, max: 3 }),
})

const orderArb = (index: number) =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 3 }),
      created_at: fc.integer({ min: 0, max: 20 }),
      display_id: fc.integer({ min: 1, max: 50 }),
      location_ids: fc.subarray(locations, { minLength: 1 }),
      lines: fc.array(
        fc.record({
          quantity: fc.integer({ min: 0, max: 6 }),
          components: fc.array(componentArb, { minLength: 1, maxLength: 2 }),
          current: fc.array(
            fc.record({
              location_id: fc.constantFrom(...locations),
              quantity: fc.integer({ min: 0, max: 3 }),
            }),
            { maxLength: 2 }
          ),
        }),
        { minLength: 1, maxLength: 3 }
      ),
    })
    .map((o): DemandOrder => ({
      ...o,
      key: `o${index}`,
      order_id: `order_${index}`,
      lines: o.lines.map((l, lineIndex) => ({
        ...l,
        line_item_id: `o${index}_l${lineIndex}`,
      })),
    }))

const inputArb: fc.Arbitrary<PlanInput> = fc.record({
  policy: fc.constantFrom("fill" as const, "complete" as const),
  location_priority: fc.subarray(locations),
  stock: fc.array(
    fc.record({
      inventory_item_id: fc.constantFrom(...items),
      location_id: fc.constantFrom(...locations),
      free: fc.integer({ min: -3, max: 15 }),
    }),
    { maxLength: 9 }
  ),
  orders: fc
    .integer({ min: 0, max: 8 })
    .chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => orderArb(i)))
    ),
})

/** Component units used per item+location by a plan, computed from its allocations. */
function usage(input: PlanInput, result: ReturnType<typeof planAllocation>) {
  const used = new Map<string, number>()
  const byKey = new Map(input.orders.map((o) => [o.key, o]))
  for (const planned of result.orders) {
    const order = byKey.get(planned.key)!
    planned.lines.forEach((line, i) => {
      for (const allocation of line.allocations) {
        for (const component of order.lines[i].components) {
          const key = `${component.inventory_item_id}|${allocation.location_id}`
          used.set(
            key,
            (used.get(key) ?? 0) +
              allocation.quantity * component.required_quantity
          )
        }
      }
    })
  }
  return used
}

const freeOf = (input: PlanInput) => {
  const free = new Map<string, number>()
  for (const cell of input.stock) {
    const key = `${cell.inventory_item_id}|${cell.location_id}`
    free.set(key, (free.get(key) ?? 0) + Math.max(0, cell.free))
  }
  return free
}

describe("planner properties", () => {
  it("never allocates more than the free stock of any item at any location", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const free = freeOf(input)
        for (const [key, used] of usage(input, planAllocation(input))) {
          expect(used).toBeLessThanOrEqual(free.get(key) ?? 0)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("keeps remaining + used equal to the free stock it was given", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = planAllocation(input)
        const used = usage(input, result)
        for (const [key, free] of freeOf(input)) {
          const remaining = result.remaining.find(
            (c) => `${c.inventory_item_id}|${c.location_id}` === key
          )!
          expect(remaining.free + (used.get(key) ?? 0)).toBe(free)
        }
      }),
      { numRuns: 300 }
    )
  })

  it("never covers more than a line's quantity and only from the order's locations", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const byKey = new Map(input.orders.map((o) => [o.key, o]))
        for (const planned of planAllocation(input).orders) {
          for (const line of planned.lines) {
            expect(line.covered + line.backordered).toBe(line.quantity)
            expect(line.covered).toBeLessThanOrEqual(line.quantity)
            for (const a of line.allocations) {
              expect(byKey.get(planned.key)!.location_ids).toContain(
                a.location_id
              )
            }
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it("returns the orders in rank order with ranks 1..n", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = planAllocation(input)
        const byKey = new Map(input.orders.map((o) => [o.key, o]))
        result.orders.forEach((o, i) => {
          expect(o.rank).toBe(i + 1)
          if (i > 0) {
            expect(
              compareRank(
                byKey.get(result.orders[i - 1].key)!,
                byKey.get(o.key)!
              )
            ).toBeLessThan(0)
          }
        })
      }),
      { numRuns: 300 }
    )
  })

  it("respects rank: no lower-ranked order takes an item a short higher-ranked line could use", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = planAllocation({ ...input, policy: "fill" })
        const byKey = new Map(input.orders.map((o) => [o.key, o]))
        result.orders.forEach((planned, rank) => {
          const order = byKey.get(planned.key)!
          planned.lines.forEach((line, i) => {
            const components = order.lines[i].components
            if (line.backordered === 0 || components.length !== 1) {
              return
            }
            const { inventory_item_id: item, required_quantity } = components[0]
            for (const location of order.location_ids) {
              // Units of the item free at this line's turn = left over + taken by later orders.
              let freeAtTurn =
                result.remaining.find(
                  (c) =>
                    c.inventory_item_id === item && c.location_id === location
                )?.free ?? 0
              for (const later of result.orders.slice(rank + 1)) {
                const laterOrder = byKey.get(later.key)!
                later.lines.forEach((laterLine, j) => {
                  const required = laterOrder.lines[j].components
                    .filter((c) => c.inventory_item_id === item)
                    .reduce((sum, c) => sum + c.required_quantity, 0)
                  for (const a of laterLine.allocations) {
                    if (a.location_id === location) {
                      freeAtTurn += a.quantity * required
                    }
                  }
                })
              }
              expect(freeAtTurn).toBeLessThan(required_quantity)
            }
          })
        })
      }),
      { numRuns: 500 }
    )
  })

  it("gives a higher-ranked single-line order at least what a lower-ranked identical order gets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom("fill" as const, "complete" as const),
        (free, qHigh, qLow, policy) => {
          const mk = (
            key: string,
            priority: number,
            quantity: number
          ): DemandOrder => ({
            key,
            order_id: key,
            priority,
            created_at: 0,
            display_id: 1,
            location_ids: ["loc_1"],
            lines: [
              {
                line_item_id: `${key}_1`,
                quantity,
                current: [],
                components: [
                  { inventory_item_id: "item_a", required_quantity: 1 },
                ],
              },
            ],
          })
          const result = planAllocation({
            policy,
            stock: [
              { inventory_item_id: "item_a", location_id: "loc_1", free },
            ],
            orders: [mk("low", 0, qLow), mk("high", 5, qHigh)],
          })
          // fill takes what is free; complete takes all or nothing.
          const takes = (available: number, wanted: number) =>
            policy === "fill"
              ? Math.min(available, wanted)
              : available >= wanted
                ? wanted
                : 0
          const covered = (key: string) =>
            result.orders.find((o) => o.key === key)!.covered_units
          expect(covered("high")).toBe(takes(free, qHigh))
          expect(covered("low")).toBe(takes(free - covered("high"), qLow))
        }
      )
    )
  })

  it("gives the same answer for the same input in any input order", () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffled = [...input.orders].sort((a, b) =>
          a.key + seed < b.key + seed ? 1 : -1
        )
        expect(planAllocation({ ...input, orders: shuffled })).toEqual(
          planAllocation(input)
        )
        expect(planAllocation(input)).toEqual(planAllocation(input))
      }),
      { numRuns: 300 }
    )
  })

  it("is a fixed point: re-planning with the plan's coverage as current changes nothing", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = planAllocation(input)
        const byKey = new Map(first.orders.map((o) => [o.key, o]))
        const again = planAllocation({
          ...input,
          orders: input.orders.map((o) => ({
            ...o,
            lines: o.lines.map((l, i) => ({
              ...l,
              current: byKey.get(o.key)!.lines[i].allocations,
            })),
          })),
        })
        expect(
          again.orders.map((o) => o.lines.map((l) => l.allocations))
        ).toEqual(first.orders.map((o) => o.lines.map((l) => l.allocations)))
      }),
      { numRuns: 300 }
    )
  })
})

import { explainPlan } from "../explain"
import { planAllocation } from "../plan"
import type { DemandOrder, PlanInput } from "../types"
import { line, order, stock } from "./fixtures"

const explain = (input: PlanInput, labels?: Record<string, string>) =>
  Object.fromEntries(
    explainPlan(input.orders as DemandOrder[], planAllocation(input), {
      labels,
    }).map((e) => [e.key, e])
  )

describe("explainPlan", () => {
  it("says a covered order is ready and has no queue position", () => {
    const result = explain({
      policy: "fill",
      stock: [stock(5)],
      orders: [order("A", [line("a1", 2)])],
    })
    expect(result.A).toMatchObject({ releasable: true, blocked_by: [] })
    expect(result.A.lines[0]).toMatchObject({
      reason: "covered",
      queue_position: null,
      units_ahead: 0,
    })
  })

  it("counts the units and orders ahead: A misses 4, B misses 2 → B is 2nd, 4 ahead, 6 must arrive", () => {
    const result = explain({
      policy: "fill",
      stock: [stock(0)],
      orders: [
        order("A", [line("a1", 4)], { created_at: 1 }),
        order("B", [line("b1", 2)], { created_at: 2 }),
      ],
    })
    expect(result.A.lines[0]).toMatchObject({
      queue_position: 1,
      units_ahead: 0,
    })
    expect(result.B.lines[0]).toMatchObject({
      reason: "waiting_for_stock",
      queue_position: 2,
      units_ahead: 4,
      blocking: [
        {
          inventory_item_id: "item_1",
          missing: 2,
          units_ahead: 4,
          orders_ahead: 1,
          needed_to_cover: 6,
        },
      ],
    })
    expect(result.B.blocked_by).toEqual([
      { inventory_item_id: "item_1", missing: 2 },
    ])
  })

  it("does not count covered orders ahead in the queue", () => {
    const result = explain({
      policy: "fill",
      stock: [stock(3)],
      orders: [
        order("A", [line("a1", 3)], { created_at: 1 }),
        order("B", [line("b1", 2)], { created_at: 2 }),
      ],
    })
    expect(result.B.lines[0]).toMatchObject({
      queue_position: 1,
      units_ahead: 0,
    })
  })

  it("counts kit component units: 2 kits short of 4 bolts each → 8 bolts missing", () => {
    const result = explain({
      policy: "fill",
      stock: [stock(0, "bolt")],
      orders: [
        order("A", [
          line("k1", 2, "bolt", {
            components: [{ inventory_item_id: "bolt", required_quantity: 4 }],
          }),
        ]),
      ],
    })
    expect(result.A.blocked_by).toEqual([
      { inventory_item_id: "bolt", missing: 8 },
    ])
  })

  it("names the blocking SKU in the summary", () => {
    const result = explain(
      {
        policy: "fill",
        stock: [stock(0)],
        orders: [order("A", [line("a1", 2)])],
      },
      { item_1: "SHIRT-M" }
    )
    expect(result.A.summary).toContain("2 × SHIRT-M")
  })

  it("under complete, a coverable line waits for the other lines, which block", () => {
    const result = explain({
      policy: "complete",
      stock: [stock(5, "item_1"), stock(0, "item_2")],
      orders: [order("A", [line("a1", 1, "item_1"), line("a2", 1, "item_2")])],
    })
    expect(result.A.lines.map((l) => l.reason)).toEqual([
      "waiting_for_other_lines",
      "waiting_for_stock",
    ])
    expect(result.A.blocked_by).toEqual([
      { inventory_item_id: "item_2", missing: 1 },
    ])
  })
})

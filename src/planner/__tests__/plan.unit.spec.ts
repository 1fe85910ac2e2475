import { planAllocation } from "../plan"
import { compareRank, rankOrders } from "../rank"
import { line, order, stock } from "./fixtures"

const byKey = (result: ReturnType<typeof planAllocation>) =>
  Object.fromEntries(result.orders.map((o) => [o.key, o]))

describe("rank order", () => {
  it("puts a priority-10 order before an older priority-0 order", () => {
    const old = order("old", [], { priority: 0, created_at: 1, display_id: 1 })
    const vip = order("vip", [], { priority: 10, created_at: 5, display_id: 5 })
    expect(rankOrders([old, vip]).map((o) => o.key)).toEqual(["vip", "old"])
  })

  it("puts the older order first at equal priority", () => {
    const newer = order("newer", [], { created_at: 200, display_id: 1 })
    const older = order("older", [], { created_at: 100, display_id: 2 })
    expect(rankOrders([newer, older]).map((o) => o.key)).toEqual([
      "older",
      "newer",
    ])
  })

  it("breaks a date tie by the lower display id, then by key", () => {
    const a = order("b", [], { created_at: 1, display_id: 7 })
    const b = order("a", [], { created_at: 1, display_id: 3 })
    const c = order("c", [], { created_at: 1, display_id: 3 })
    expect(rankOrders([a, c, b]).map((o) => o.key)).toEqual(["a", "c", "b"])
  })

  it("is antisymmetric", () => {
    const a = order("a", [], { priority: 1 })
    const b = order("b", [], { priority: 2 })
    expect(Math.sign(compareRank(a, b))).toBe(-Math.sign(compareRank(b, a)))
  })

  it("does not reorder the caller's array", () => {
    const input = [
      order("x", [], { priority: 0 }),
      order("y", [], { priority: 5 }),
    ]
    rankOrders(input)
    expect(input.map((o) => o.key)).toEqual(["x", "y"])
  })
})

describe("fill policy", () => {
  it("covers 1 of 3 units when 1 is in stock and backorders 2", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(1)],
      orders: [order("A", [line("a1", 3)])],
    })
    expect(result.orders[0].lines[0]).toMatchObject({
      quantity: 3,
      covered: 1,
      backordered: 2,
      allocations: [{ location_id: "loc_a", quantity: 1 }],
    })
    expect(result.orders[0].fully_covered).toBe(false)
    expect(result.remaining).toEqual([stock(0)])
  })

  it("releases an order whose lines are all covered", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(10)],
      orders: [order("A", [line("a1", 4)])],
    })
    expect(result.orders[0]).toMatchObject({
      fully_covered: true,
      covered_units: 4,
      backordered_units: 0,
    })
    expect(result.remaining).toEqual([stock(6)])
  })

  it("serves the higher priority first: 5 free, A(p10) wants 3, older B(p0) wants 4", () => {
    const result = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(5)],
        orders: [
          order("B", [line("b1", 4)], { priority: 0, created_at: 1 }),
          order("A", [line("a1", 3)], { priority: 10, created_at: 2 }),
        ],
      })
    )
    expect(result.A).toMatchObject({
      rank: 1,
      fully_covered: true,
      covered_units: 3,
    })
    expect(result.B).toMatchObject({
      rank: 2,
      fully_covered: false,
      covered_units: 2,
      backordered_units: 2,
    })
  })

  it("leaves the next in line backordered when stock runs out", () => {
    const result = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(2)],
        orders: [
          order("first", [line("f1", 2)], { created_at: 1 }),
          order("second", [line("s1", 1)], { created_at: 2 }),
        ],
      })
    )
    expect(result.first.fully_covered).toBe(true)
    expect(result.second.lines[0]).toMatchObject({ covered: 0, backordered: 1 })
  })

  it("gives a partially covered order its units even if it cannot complete", () => {
    const result = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(3, "item_1"), stock(0, "item_2")],
        orders: [
          order("A", [line("a1", 2, "item_1"), line("a2", 1, "item_2")], {
            created_at: 1,
          }),
          order("B", [line("b1", 2, "item_1")], { created_at: 2 }),
        ],
      })
    )
    expect(result.A.lines.map((l) => l.covered)).toEqual([2, 0])
    expect(result.B.lines[0]).toMatchObject({ covered: 1, backordered: 1 })
  })

  it("treats negative free stock (over-reserved location) as zero", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(-4)],
      orders: [order("A", [line("a1", 1)])],
    })
    expect(result.orders[0].lines[0].covered).toBe(0)
    expect(result.remaining).toEqual([stock(0)])
  })

  it("covers a line without managed inventory items fully", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [],
      orders: [order("A", [line("a1", 2, "x", { components: [] })])],
    })
    expect(result.orders[0]).toMatchObject({ fully_covered: true })
  })

  it("ignores stock at locations the order may not use", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(5, "item_1", "loc_network")],
      orders: [order("A", [line("a1", 2)], { location_ids: ["loc_a"] })],
    })
    expect(result.orders[0].lines[0].covered).toBe(0)
  })
})

describe("complete policy", () => {
  it("gives nothing to an order that cannot be completed and serves the next one", () => {
    const result = byKey(
      planAllocation({
        policy: "complete",
        stock: [stock(3, "item_1"), stock(0, "item_2")],
        orders: [
          order("A", [line("a1", 2, "item_1"), line("a2", 1, "item_2")], {
            created_at: 1,
          }),
          order("B", [line("b1", 3, "item_1")], { created_at: 2 }),
        ],
      })
    )
    expect(result.A.lines.map((l) => l.covered)).toEqual([0, 0])
    expect(result.A.fully_covered).toBe(false)
    expect(result.B).toMatchObject({ fully_covered: true, covered_units: 3 })
  })

  it("marks only the short line as short; the coverable one waits for it", () => {
    const result = planAllocation({
      policy: "complete",
      stock: [stock(3, "item_1"), stock(0, "item_2")],
      orders: [order("A", [line("a1", 2, "item_1"), line("a2", 1, "item_2")])],
    })
    expect(result.orders[0].lines.map((l) => l.short_items)).toEqual([
      [],
      ["item_2"],
    ])
  })

  it("returns the stock an incomplete order tried to take", () => {
    const result = planAllocation({
      policy: "complete",
      stock: [stock(3, "item_1"), stock(0, "item_2")],
      orders: [order("A", [line("a1", 2, "item_1"), line("a2", 1, "item_2")])],
    })
    expect(result.remaining).toEqual([stock(3, "item_1"), stock(0, "item_2")])
  })

  it("lets one order fill while the others stay complete-only", () => {
    const result = byKey(
      planAllocation({
        policy: "complete",
        stock: [stock(3, "item_1"), stock(0, "item_2")],
        orders: [
          order("A", [line("a1", 2, "item_1"), line("a2", 1, "item_2")], {
            created_at: 1,
            policy: "fill",
          }),
          order("B", [line("b1", 1, "item_1"), line("b2", 1, "item_2")], {
            created_at: 2,
          }),
        ],
      })
    )
    expect(result.A.lines.map((l) => l.covered)).toEqual([2, 0])
    expect(result.B.lines.map((l) => l.covered)).toEqual([0, 0])
  })

  it("releases a complete order exactly like fill does", () => {
    const result = planAllocation({
      policy: "complete",
      stock: [stock(3)],
      orders: [order("A", [line("a1", 3)])],
    })
    expect(result.orders[0].fully_covered).toBe(true)
  })
})

describe("kits", () => {
  const kit = (id: string, quantity: number) =>
    line(id, quantity, "unused", {
      components: [
        { inventory_item_id: "bolt", required_quantity: 4 },
        { inventory_item_id: "plate", required_quantity: 1 },
      ],
    })

  it("covers as many kits as the scarcest component allows: 10 bolts, 5 plates, 4 bolts per kit → 2 kits", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(10, "bolt"), stock(5, "plate")],
      orders: [order("A", [kit("k1", 3)])],
    })
    expect(result.orders[0].lines[0]).toMatchObject({
      covered: 2,
      backordered: 1,
    })
    expect(result.remaining).toEqual([stock(2, "bolt"), stock(3, "plate")])
    expect(result.orders[0].lines[0].short_items).toEqual(["bolt"])
  })

  it("sums a component listed twice", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(6, "bolt")],
      orders: [
        order("A", [
          line("k1", 2, "bolt", {
            components: [
              { inventory_item_id: "bolt", required_quantity: 2 },
              { inventory_item_id: "bolt", required_quantity: 1 },
            ],
          }),
        ]),
      ],
    })
    expect(result.orders[0].lines[0].covered).toBe(2)
    expect(result.remaining).toEqual([stock(0, "bolt")])
  })

  it("never splits one kit unit across locations", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [
        stock(4, "bolt", "loc_a"),
        stock(0, "plate", "loc_a"),
        stock(0, "bolt", "loc_b"),
        stock(1, "plate", "loc_b"),
      ],
      orders: [
        order("A", [kit("k1", 1)], { location_ids: ["loc_a", "loc_b"] }),
      ],
    })
    expect(result.orders[0].lines[0].covered).toBe(0)
    expect(result.orders[0].lines[0].short_items).toEqual(["bolt", "plate"])
  })
})

describe("several locations", () => {
  it("covers one line from two locations when neither has enough", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(2, "item_1", "loc_a"), stock(3, "item_1", "loc_b")],
      orders: [
        order("A", [line("a1", 4)], { location_ids: ["loc_a", "loc_b"] }),
      ],
    })
    expect(result.orders[0].lines[0].allocations).toEqual([
      { location_id: "loc_a", quantity: 1 },
      { location_id: "loc_b", quantity: 3 },
    ])
  })

  it("prefers the location already holding the line's reservation", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(5, "item_1", "loc_a"), stock(5, "item_1", "loc_b")],
      orders: [
        order(
          "A",
          [
            line("a1", 2, "item_1", {
              current: [{ location_id: "loc_b", quantity: 1 }],
            }),
          ],
          {
            location_ids: ["loc_a", "loc_b"],
          }
        ),
      ],
    })
    expect(result.orders[0].lines[0].allocations).toEqual([
      { location_id: "loc_b", quantity: 2 },
    ])
  })

  it("then follows location_priority", () => {
    const result = planAllocation({
      policy: "fill",
      location_priority: ["loc_b"],
      stock: [stock(9, "item_1", "loc_a"), stock(5, "item_1", "loc_b")],
      orders: [
        order("A", [line("a1", 2)], { location_ids: ["loc_a", "loc_b"] }),
      ],
    })
    expect(result.orders[0].lines[0].allocations).toEqual([
      { location_id: "loc_b", quantity: 2 },
    ])
  })

  it("then takes the location with the most free stock", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(3, "item_1", "loc_a"), stock(7, "item_1", "loc_b")],
      orders: [
        order("A", [line("a1", 2)], { location_ids: ["loc_a", "loc_b"] }),
      ],
    })
    expect(result.orders[0].lines[0].allocations).toEqual([
      { location_id: "loc_b", quantity: 2 },
    ])
  })

  it("breaks an equal-stock tie by location id", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(3, "item_1", "loc_z"), stock(3, "item_1", "loc_m")],
      orders: [
        order("A", [line("a1", 2)], { location_ids: ["loc_z", "loc_m"] }),
      ],
    })
    expect(result.orders[0].lines[0].allocations).toEqual([
      { location_id: "loc_m", quantity: 2 },
    ])
  })
})

describe("frozen lines", () => {
  it("keep their current coverage and take no stock", () => {
    const result = planAllocation({
      policy: "fill",
      stock: [stock(5)],
      orders: [
        order("A", [
          line("a1", 3, "other_item", {
            frozen: true,
            current: [{ location_id: "loc_a", quantity: 1 }],
          }),
          line("a2", 2),
        ]),
      ],
    })
    expect(result.orders[0].lines.map((l) => l.covered)).toEqual([1, 2])
    expect(result.orders[0].fully_covered).toBe(false)
    expect(result.remaining).toEqual([stock(3)])
  })
})

describe("release slices (cutoffs)", () => {
  it("gives the orders up to the cutoff what they would get without it, and none of the item to the orders after it", () => {
    const orders = [
      order("A", [line("a1", 2)], { created_at: 1, display_id: 1 }),
      order("B", [line("b1", 3)], { created_at: 2, display_id: 2 }),
      order("C", [line("c1", 1)], { created_at: 3, display_id: 3 }),
    ]
    const whole = byKey(
      planAllocation({ policy: "fill", stock: [stock(10)], orders })
    )
    const sliced = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(10)],
        orders,
        cutoffs: [
          {
            inventory_item_id: "item_1",
            rank: { priority: 0, created_at: 2, display_id: 2, key: "B" },
          },
        ],
      })
    )
    expect(sliced.A.lines).toEqual(whole.A.lines)
    expect(sliced.B.lines).toEqual(whole.B.lines)
    expect(whole.C.covered_units).toBe(1)
    expect(sliced.C).toMatchObject({ covered_units: 0, fully_covered: false })
  })

  it("lets an order after the cutoff keep what it holds of the cut item, and fill its lines of an item not cut", () => {
    // C holds 1 of its 3 item_1 units and wants 2 of item_2, which has no
    // cutoff; item_1 has two cutoffs (the second must not wipe what the
    // first withheld).
    const orders = [
      order("A", [line("a1", 2)], { created_at: 1, display_id: 1 }),
      order(
        "C",
        [
          line("c1", 3, "item_1", {
            current: [{ location_id: "loc_a", quantity: 1 }],
          }),
          line("c2", 2, "item_2"),
        ],
        { created_at: 3, display_id: 3, keeps_held_after_cutoff: true }
      ),
    ]
    const at = (created_at: number, key: string) => ({
      inventory_item_id: "item_1",
      rank: { priority: 0, created_at, display_id: created_at, key },
    })
    const sliced = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(5), stock(4, "item_2")],
        orders,
        cutoffs: [at(1, "A"), at(2, "B")],
      })
    )
    expect(sliced.A.covered_units).toBe(2)
    expect(sliced.C.lines.map((l) => l.covered)).toEqual([1, 2])
    // Without the flag (a new order) it gives its unit up.
    const fresh = byKey(
      planAllocation({
        policy: "fill",
        stock: [stock(5), stock(4, "item_2")],
        orders: [orders[0], { ...orders[1], keeps_held_after_cutoff: false }],
        cutoffs: [at(1, "A")],
      })
    )
    expect(fresh.C.lines.map((l) => l.covered)).toEqual([0, 2])
  })
})

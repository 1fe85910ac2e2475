import {
  buildBackorderPlan,
  CHECKED_METADATA_KEY,
  NETWORK_BACKORDER_PROCESS,
  NETWORK_DIVIDE_PROCESS,
  priorityFor,
} from ".."
import { blockingSkus } from "../blocking-skus"
import type { PlanningSnapshot, SnapshotBackorder } from ".."

import {
  level,
  newOrder,
  NOW,
  reservation,
  snapshot,
  waiting,
} from "./snapshot-fixtures"

describe("buildBackorderPlan", () => {
  it("shrinks a new order's checkout reservation of 3 to the 1 in stock and creates its backorder", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 3)],
        reservations: [reservation("res_1", "order1_line", 3)],
        new_orders: [newOrder("order1", 3)],
      })
    )
    expect(plan.reservations).toEqual({
      create: [],
      update: [
        {
          id: "res_1",
          quantity: 1,
          previous: 3,
          metadata: { [CHECKED_METADATA_KEY]: true },
          previous_metadata: null,
        },
      ],
      mark: [],
      delete: [],
    })
    expect(plan.records.create).toEqual([
      expect.objectContaining({
        order_id: "order1",
        status: "backorder",
        backordered_at: NOW,
        lines: [
          expect.objectContaining({
            line_item_id: "order1_line",
            quantity: 3,
            quantity_covered: 1,
          }),
        ],
      }),
    ])
    expect(plan.created_order_ids).toEqual(["order1"])
    expect(plan.records.events).toEqual([
      expect.objectContaining({ order_id: "order1", type: "created" }),
    ])
  })

  it("counts a new order's fulfilled units as covered and released: an edited order with 1 of 3 shipped waits for 2", () => {
    const order = newOrder("order1", 3)
    order.lines[0].quantity_fulfilled = 1
    const plan = buildBackorderPlan(
      snapshot({
        // The shipped unit left the shelf; the edit reserved the other 2 on backorder.
        levels: [level(1, 2)],
        reservations: [reservation("res_1", "order1_line", 2)],
        new_orders: [order],
      })
    )
    expect(plan.records.create).toEqual([
      expect.objectContaining({
        order_id: "order1",
        status: "backorder",
        lines: [
          expect.objectContaining({
            quantity: 3,
            quantity_covered: 2,
            quantity_released: 1,
          }),
        ],
      }),
    ])
    expect(plan.reservations.update).toEqual([
      expect.objectContaining({ id: "res_1", quantity: 1, previous: 2 }),
    ])
  })

  it("only marks the reservation of a new order that is fully in stock", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(5, 2)],
        reservations: [reservation("res_1", "order1_line", 2, { note: "x" })],
        new_orders: [newOrder("order1", 2)],
      })
    )
    expect(plan.records.create).toEqual([])
    expect(plan.reservations.mark).toEqual([
      {
        id: "res_1",
        metadata: { note: "x", [CHECKED_METADATA_KEY]: true },
        previous_metadata: { note: "x" },
      },
    ])
  })

  it("puts a new order behind an older waiting backorder: 2 free, older waits for 2 → new order gets none", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(2, 1)],
        reservations: [reservation("res_new", "order2_line", 1)],
        waiting: [waiting("order1", 2, 0)],
        new_orders: [newOrder("order2", 1)],
      })
    )
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.delete).toEqual(["res_new"])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({
        line_item_id: "order1_line",
        location_id: "loc_1",
        quantity: 2,
      }),
    ])
    expect(plan.records.create[0].lines[0].quantity_covered).toBe(0)
  })

  it("grows a waiting backorder's reservation and releases it when stock arrives", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(3, 1)],
        reservations: [reservation("res_1", "order1_line", 1)],
        waiting: [waiting("order1", 3, 1)],
      })
    )
    expect(plan.reservations.update).toEqual([
      { id: "res_1", quantity: 3, previous: 1 },
    ])
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "pending",
        released_at: NOW,
        pendingprocess: null,
        pendingprocess_at: null,
      },
    ])
    expect(plan.records.line_updates).toEqual([
      { id: "bol_order1", quantity_covered: 3 },
    ])
    expect(plan.records.events).toEqual([
      expect.objectContaining({
        backorder_id: "bo_order1",
        type: "released",
        data: { from: "backorder", to: "pending" },
      }),
    ])
  })

  it("shrinks waiting coverage when stock went down below what the backorders hold", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 2)],
        reservations: [reservation("res_1", "order1_line", 2)],
        waiting: [waiting("order1", 3, 2)],
      })
    )
    expect(plan.reservations.update).toEqual([
      { id: "res_1", quantity: 1, previous: 2 },
    ])
    expect(plan.records.events).toEqual([
      expect.objectContaining({
        type: "coverage_changed",
        data: { lines: [{ line_item_id: "order1_line", before: 2, after: 1 }] },
      }),
    ])
  })

  it("cancels the backorder of a canceled order and hands its stock to the next in line", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 1)],
        reservations: [reservation("res_1", "order1_line", 1)],
        waiting: [
          waiting("order1", 2, 1),
          waiting("order2", 1, 0, {
            order_created_at: "2026-06-01T09:30:00.000Z",
          }),
        ],
        canceled_order_ids: ["order1"],
      })
    )
    expect(plan.canceled).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.delete).toEqual(["res_1"])
    expect(plan.released).toEqual([{ id: "bo_order2", order_id: "order2" }])
    expect(plan.records.update).toEqual(
      expect.arrayContaining([
        {
          id: "bo_order1",
          status: "canceled",
          canceled_at: NOW,
          pendingprocess: null,
          pendingprocess_at: null,
        },
        {
          id: "bo_order2",
          status: "pending",
          released_at: NOW,
          pendingprocess: null,
          pendingprocess_at: null,
        },
      ])
    )
  })

  it("gives back what a canceled order's line holds when the order has no backorder (covered while Medusa canceled it)", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 1)],
        reservations: [
          reservation("res_stray", "order1_line", 1),
          {
            ...reservation("res_outside", "order1_line", 1),
            inventory_item_id: "item_other",
          },
        ],
        waiting: [
          waiting("order2", 1, 0, {
            order_created_at: "2026-06-01T09:30:00.000Z",
          }),
        ],
        canceled_line_item_ids: ["order1_line"],
      })
    )
    // Only what the plan locked is given back; the freed unit goes on.
    expect(plan.reservations.delete).toEqual(["res_stray"])
    expect(plan.released).toEqual([{ id: "bo_order2", order_id: "order2" }])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({ line_item_id: "order2_line", quantity: 1 }),
    ])
  })

  it("deletes a canceled backorder's reservation once, whether named as canceled order or line", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 1)],
        reservations: [reservation("res_1", "order1_line", 1)],
        waiting: [waiting("order1", 2, 1)],
        canceled_order_ids: ["order1"],
        canceled_line_item_ids: ["order1_line"],
      })
    )
    expect(plan.canceled).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.delete).toEqual(["res_1"])
  })

  it("leaves lines whose items are outside the locked scope untouched", () => {
    const backorder = waiting("order1", 2, 0)
    backorder.lines.push({
      ...backorder.lines[0],
      id: "bol_other",
      line_item_id: "order1_other",
      components: [{ inventory_item_id: "item_other", required_quantity: 1 }],
      quantity_covered: 1,
    })
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(5, 0)],
        reservations: [
          {
            ...reservation("res_other", "order1_other", 1),
            inventory_item_id: "item_other",
          },
        ],
        waiting: [backorder],
      })
    )
    // item_1 is covered now, but the other line still misses one unit: not released.
    expect(plan.released).toEqual([])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({ line_item_id: "order1_line", quantity: 2 }),
    ])
    expect(plan.reservations.update).toEqual([])
    expect(plan.reservations.delete).toEqual([])
  })

  it("never covers from network locations", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(0, 0), level(9, 0, "loc_net")],
        channel_locations: { sc_1: ["loc_1", "loc_net"] },
        network_location_ids: ["loc_net"],
        waiting: [waiting("order1", 2, 0)],
      })
    )
    expect(plan.released).toEqual([])
    expect(plan.reservations.create).toEqual([])
  })

  it("writes nothing for a snapshot that already matches the plan", () => {
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(2, 2)],
        reservations: [
          reservation("res_1", "order1_line", 2, {
            [CHECKED_METADATA_KEY]: true,
          }),
        ],
        waiting: [
          waiting("order1", 3, 2),
          waiting("order2", 1, 0, {
            order_created_at: "2026-06-01T09:30:00.000Z",
          }),
        ],
      })
    )
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
    expect(plan.records).toEqual({
      create: [],
      update: [],
      line_creates: [],
      line_updates: [],
      line_deletes: [],
      events: [],
    })
    expect(
      plan.explanations.map((e) => [e.order_id, e.lines[0].queue_position])
    ).toEqual([
      ["order1", 1],
      ["order2", 2],
    ])
  })
})

describe("Divide and Send what's available", () => {
  const twoLines = (): SnapshotBackorder => {
    const backorder = waiting("order1", 2, 2)
    backorder.lines.push({
      ...backorder.lines[0],
      id: "bol_lamp",
      line_item_id: "order1_lamp",
      sku: "LAMP",
      components: [{ inventory_item_id: "item_2", required_quantity: 1 }],
      quantity: 1,
      quantity_covered: 0,
    })
    return backorder
  }
  const base = () =>
    snapshot({
      scope: ["item_1", "item_2"],
      levels: [level(2, 2), level(0, 0, "loc_1", "item_2")],
      reservations: [
        reservation("res_1", "order1_line", 2, {
          [CHECKED_METADATA_KEY]: true,
        }),
      ],
      waiting: [twoLines()],
    })

  it("releases the covered units for fulfillment and keeps the rest waiting", () => {
    const plan = buildBackorderPlan(base(), {
      divide: { backorder_ids: ["bo_order1"], mode: "divide" },
    })
    expect(plan.divide_results).toEqual([
      {
        backorder_id: "bo_order1",
        order_id: "order1",
        outcome: "divided",
        lines: [
          { line_item_id: "order1_line", shipped: 2, remaining: 0 },
          { line_item_id: "order1_lamp", shipped: 0, remaining: 1 },
        ],
      },
    ])
    expect(plan.records.line_updates).toEqual([
      { id: "bol_order1", quantity_released: 2 },
    ])
    expect(plan.records.update).toEqual([{ id: "bo_order1", divided_at: NOW }])
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
    expect(plan.divided).toEqual([{ id: "bo_order1", order_id: "order1" }])
  })

  it("divides once: a second run has nothing new to ship", () => {
    const divided = base()
    divided.waiting[0].lines[0].quantity_released = 2
    const plan = buildBackorderPlan(divided, {
      divide: { backorder_ids: ["bo_order1"], mode: "divide" },
    })
    expect(plan.divide_results[0]).toMatchObject({
      outcome: "skipped",
      reason: "nothing new to ship: the units in stock were already released",
    })
    expect(plan.records.line_updates).toEqual([])
  })

  it("keeps released units reserved and out of the queue when a restock arrives", () => {
    const divided = base()
    divided.waiting[0].lines[0].quantity_released = 2
    divided.levels = [level(2, 2), level(1, 0, "loc_1", "item_2")]
    const plan = buildBackorderPlan(divided)
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({ line_item_id: "order1_lamp", quantity: 1 }),
    ])
    expect(plan.reservations.update).toEqual([])
  })

  it("does not re-reserve released units once they are fulfilled", () => {
    const shipped = base()
    shipped.waiting[0].lines[0].quantity_released = 2
    shipped.waiting[0].lines[0].quantity_fulfilled = 2
    shipped.reservations = []
    shipped.levels = [level(0, 0), level(0, 0, "loc_1", "item_2")]
    const plan = buildBackorderPlan(shipped)
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
    expect(plan.records.line_updates).toEqual([])
  })

  it("skips an order with nothing in stock and says why", () => {
    const nothing = snapshot({
      levels: [level(0, 0)],
      waiting: [waiting("order1", 2, 0)],
    })
    const plan = buildBackorderPlan(nothing, {
      divide: { backorder_ids: ["bo_order1"], mode: "divide" },
    })
    expect(plan.divide_results[0]).toMatchObject({
      outcome: "skipped",
      reason: "nothing to ship yet: no stock covers any of its units",
    })
  })

  it("under complete, Send what's available fills the selected order from free stock; Divide does not", () => {
    const complete = snapshot({
      policy: "complete",
      scope: ["item_1", "item_2"],
      levels: [level(2, 0), level(0, 0, "loc_1", "item_2")],
      waiting: [
        (() => {
          const b = twoLines()
          b.lines[0].quantity_covered = 0
          return b
        })(),
      ],
    })
    const divide = buildBackorderPlan(complete, {
      divide: { backorder_ids: ["bo_order1"], mode: "divide" },
    })
    expect(divide.divide_results[0]).toMatchObject({ outcome: "skipped" })
    expect(divide.divide_results[0].reason).toContain("Send what's available")

    const send = buildBackorderPlan(complete, {
      divide: { backorder_ids: ["bo_order1"], mode: "send_available" },
    })
    expect(send.divide_results[0]).toMatchObject({
      outcome: "divided",
      lines: [{ shipped: 2 }, { shipped: 0 }],
    })
    expect(send.reservations.create).toEqual([
      expect.objectContaining({ line_item_id: "order1_line", quantity: 2 }),
    ])
  })

  it("reports a pending or canceled backorder as skipped", () => {
    const plan = buildBackorderPlan(
      snapshot({
        named: [
          { ...waiting("order9", 1, 1), id: "bo_done", status: "pending" },
        ],
      }),
      { divide: { backorder_ids: ["bo_done"], mode: "send_available" } }
    )
    expect(plan.divide_results).toEqual([
      expect.objectContaining({
        backorder_id: "bo_done",
        outcome: "skipped",
        reason: "already released: the whole order is ready to ship",
      }),
    ])
  })
})

describe("order edits", () => {
  it("adds new items as lines, drops removed ones and takes over quantities", () => {
    const edited = waiting("order1", 3, 1)
    edited.order_lines = [
      { ...edited.lines[0], quantity: 2, quantity_fulfilled: 0 },
      {
        line_item_id: "order1_new",
        variant_id: "variant_2",
        sku: "ALT",
        title: "Alternative",
        quantity: 1,
        quantity_fulfilled: 0,
        components: [{ inventory_item_id: "item_1", required_quantity: 1 }],
      },
    ].map(
      ({
        id: _id,
        quantity_covered: _c,
        quantity_released: _r,
        ...line
      }: any) => line
    )
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(3, 3)],
        reservations: [
          reservation("res_1", "order1_line", 2),
          reservation("res_new", "order1_new", 1),
        ],
        waiting: [edited],
        named: [edited],
      })
    )
    // 3 in stock covers the 2 + 1 the edited order now needs: released.
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.records.line_creates).toEqual([
      expect.objectContaining({
        backorder_id: "bo_order1",
        line_item_id: "order1_new",
        quantity: 1,
        quantity_covered: 1,
      }),
    ])
    expect(plan.records.line_updates).toEqual([
      { id: "bol_order1", quantity: 2, quantity_covered: 2 },
    ])
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
  })

  it("plans a released order again when an edit adds a short item: its released units stay released, it waits for the new one", () => {
    const released = waiting("order1", 2, 2, { status: "pending" })
    const newLine = {
      line_item_id: "order1_new",
      variant_id: "variant_1",
      sku: "SHIRT",
      title: "Shirt",
      quantity: 1,
      quantity_fulfilled: 0,
      components: [{ inventory_item_id: "item_1", required_quantity: 1 }],
    }
    released.order_lines = [
      { ...newLine, line_item_id: "order1_line", quantity: 2 },
      newLine,
    ]
    const plan = buildBackorderPlan(
      snapshot({
        // The 2 released units are all there is; the edit reserved 1 more on backorder.
        levels: [level(2, 3)],
        reservations: [
          reservation("res_1", "order1_line", 2),
          reservation("res_new", "order1_new", 1),
        ],
        waiting: [released],
        named: [released],
      })
    )
    expect(plan.released).toEqual([])
    expect(plan.records.update).toEqual([
      expect.objectContaining({ id: "bo_order1", status: "backorder" }),
    ])
    expect(plan.records.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "status_changed",
          data: { from: "pending", to: "backorder" },
        }),
      ])
    )
    expect(plan.records.line_updates).toEqual([
      { id: "bol_order1", quantity_released: 2 },
    ])
    expect(plan.records.line_creates).toEqual([
      expect.objectContaining({
        line_item_id: "order1_new",
        quantity: 1,
        quantity_covered: 0,
        quantity_released: 0,
      }),
    ])
    expect(plan.reservations.delete).toEqual(["res_new"])
    expect(plan.reservations.update).toEqual([])
  })

  it("leaves a released order released when what an edit added is in stock", () => {
    const released = waiting("order1", 2, 2, { status: "pending" })
    released.order_lines = [
      {
        line_item_id: "order1_line",
        variant_id: "variant_1",
        sku: "SHIRT",
        title: "Shirt",
        quantity: 3,
        quantity_fulfilled: 0,
        components: [{ inventory_item_id: "item_1", required_quantity: 1 }],
      },
    ]
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(5, 3)],
        reservations: [reservation("res_1", "order1_line", 3)],
        waiting: [released],
        named: [released],
      })
    )
    expect(plan.released).toEqual([])
    expect(plan.records.update).toEqual([])
    expect(plan.records.events).toEqual([])
    expect(plan.records.line_updates).toEqual([
      {
        id: "bol_order1",
        quantity: 3,
        quantity_covered: 3,
        quantity_released: 2,
      },
    ])
  })

  it("deletes the line and reservations of an item the edit removed", () => {
    const edited = waiting("order1", 3, 1)
    edited.order_lines = []
    const plan = buildBackorderPlan(
      snapshot({
        levels: [level(1, 1)],
        reservations: [reservation("res_1", "order1_line", 1)],
        waiting: [edited],
      })
    )
    expect(plan.records.line_deletes).toEqual(["bol_order1"])
    expect(plan.reservations.delete).toEqual(["res_1"])
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
  })
})

describe("network backorders", () => {
  /** A release slice's end at order1 (display id 1, created `at`). */
  const sliceEndingAtOrder1 = (at: string) => [
    {
      inventory_item_id: "item_1",
      rank: {
        priority: 0,
        created_at: Date.parse(at),
        display_id: 1,
        key: "order1",
      },
    },
  ]
  const net = (overrides: Partial<PlanningSnapshot> = {}) =>
    snapshot({
      network_location_ids: ["loc_net"],
      levels: [level(0, 0), level(5, 0, "loc_net")],
      waiting: [waiting("order1", 2, 0)],
      ...overrides,
    })

  it("marks a backorder its own locations cannot cover but the network can", () => {
    const plan = buildBackorderPlan(net())
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "network_backorder",
        pendingprocess: NETWORK_BACKORDER_PROCESS,
        pendingprocess_at: NOW,
      },
    ])
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
  })

  it("drops back to backorder when the network stock disappears", () => {
    const plan = buildBackorderPlan(
      net({
        levels: [level(0, 0), level(1, 0, "loc_net")],
        waiting: [
          {
            ...waiting("order1", 2, 0),
            status: "network_backorder",
            pendingprocess: NETWORK_BACKORDER_PROCESS,
            pendingprocess_at: NOW,
          },
        ],
      })
    )
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "backorder",
        pendingprocess: null,
        pendingprocess_at: null,
      },
    ])
  })

  it("releases normally when its own locations get the stock first", () => {
    const plan = buildBackorderPlan(
      net({
        levels: [level(2, 0), level(5, 0, "loc_net")],
        waiting: [
          {
            ...waiting("order1", 2, 0),
            status: "network_backorder",
            pendingprocess: NETWORK_BACKORDER_PROCESS,
            pendingprocess_at: NOW,
          },
        ],
      })
    )
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({ location_id: "loc_1", quantity: 2 }),
    ])
  })

  it("lets a waiting order after a release slice's cutoff keep what it holds, where it holds it", () => {
    // order2 holds 1 of its 2 at loc_2; 3 arrive at loc_1, which order1 and
    // order3 (their channel sees loc_1 only) can use. The whole plan releases
    // all three: order2 keeps its loc_2 unit and takes one at loc_1. A slice
    // ending at order1 must not take order2's loc_2 unit away: the next slice
    // would give it two at loc_1, and order3 would wait beside a free unit it
    // cannot use.
    const at = (minutes: number) =>
      `2026-06-01T09:${String(minutes).padStart(2, "0")}:00.000Z`
    const slice = snapshot({
      channel_locations: { sc_1: ["loc_1"], sc_2: ["loc_1", "loc_2"] },
      levels: [level(3, 0), level(1, 1, "loc_2")],
      reservations: [
        {
          ...reservation("res_h", "order2_line", 1, {
            [CHECKED_METADATA_KEY]: true,
          }),
          location_id: "loc_2",
        },
      ],
      waiting: [
        waiting("order1", 1, 0, { order_created_at: at(0) }),
        waiting("order2", 2, 1, {
          order_created_at: at(10),
          sales_channel_id: "sc_2",
        }),
        waiting("order3", 1, 0, { order_created_at: at(20) }),
      ],
      cutoffs: sliceEndingAtOrder1(at(0)),
    })
    const plan = buildBackorderPlan(slice)
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.delete).toEqual([])
    expect(plan.reservations.update).toEqual([])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({
        line_item_id: "order1_line",
        location_id: "loc_1",
        quantity: 1,
      }),
    ])
    expect(plan.records.line_updates.map((u) => u.id)).toEqual(["bol_order1"])
    expect(plan.records.update.map((u) => u.id)).toEqual(["bo_order1"])
    // The whole plan: the same for order1, and order2 keeps loc_2.
    const whole = buildBackorderPlan({ ...slice, cutoffs: undefined })
    expect(whole.released.map((r) => r.order_id)).toEqual([
      "order1",
      "order2",
      "order3",
    ])
    expect(whole.reservations.delete).toEqual([])
  })

  it("does not release an order after a release slice's cutoff with what it holds: it gives it up until a slice reaches it", () => {
    // order2 was edited down to the 1 unit it holds. Orders between order1
    // and order2 that this slice did not read may be owed that unit in rank
    // order, so the slice does not release order2 with it.
    const slice = snapshot({
      levels: [level(4, 1)],
      reservations: [
        reservation("res_2", "order2_line", 1, {
          [CHECKED_METADATA_KEY]: true,
        }),
      ],
      waiting: [
        waiting("order1", 1, 0),
        waiting("order2", 1, 1, {
          order_created_at: "2026-06-01T09:30:00.000Z",
        }),
      ],
      cutoffs: sliceEndingAtOrder1("2026-06-01T09:00:00.000Z"),
    })
    const plan = buildBackorderPlan(slice)
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.reservations.delete).toEqual(["res_2"])
    expect(plan.records.update.map((u) => u.id)).toEqual(["bo_order1"])
    // Without the cutoff (nothing unread between them) it is released.
    expect(
      buildBackorderPlan({ ...slice, cutoffs: undefined }).released.map(
        (r) => r.order_id
      )
    ).toEqual(["order1", "order2"])
  })

  it("leaves the network status of the orders after a release slice's cutoff to the next slice", () => {
    // 4 arrived at its own location: the whole plan releases both orders.
    // A slice ending at order1 keeps order2 from them; the network could
    // cover order2, but the next slice releases it instead of flagging it.
    const later = { order_created_at: "2026-06-01T09:30:00.000Z" }
    const slice = net({
      levels: [level(4, 0), level(5, 0, "loc_net")],
      waiting: [
        waiting("order1", 2, 0),
        waiting("order2", 2, 0, later),
        {
          ...waiting("order3", 9, 0, later),
          order_display_id: 3,
          status: "network_backorder",
          pendingprocess: NETWORK_BACKORDER_PROCESS,
          pendingprocess_at: NOW,
        },
      ],
      new_orders: [
        newOrder("order4", 2, { created_at: "2026-06-01T11:00:00.000Z" }),
      ],
      cutoffs: sliceEndingAtOrder1("2026-06-01T09:00:00.000Z"),
    })
    const plan = buildBackorderPlan(slice)
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    // order2 stays a backorder, order3 stays flagged (the network cannot
    // cover its 9 now, but that is the next slice's to say), and the new
    // order waits as a backorder.
    expect(plan.records.update.map((u) => u.id)).toEqual(["bo_order1"])
    expect(plan.records.create).toEqual([
      expect.objectContaining({ order_id: "order4", status: "backorder" }),
    ])
    // Without the cutoff: both released, order3 drops its flag, order4 is
    // flagged for the network.
    const whole = buildBackorderPlan({ ...slice, cutoffs: undefined })
    expect(whole.released.map((r) => r.order_id)).toEqual(["order1", "order2"])
    expect(whole.records.update).toContainEqual(
      expect.objectContaining({ id: "bo_order3", status: "backorder" })
    )
    expect(whole.records.create).toEqual([
      expect.objectContaining({
        order_id: "order4",
        status: "network_backorder",
      }),
    ])
  })

  it("divides over the network: own stock first, the rest reserved at the network location, released", () => {
    const plan = buildBackorderPlan(
      net({
        levels: [level(1, 1), level(5, 0, "loc_net")],
        reservations: [reservation("res_1", "order1_line", 1)],
        waiting: [
          {
            ...waiting("order1", 3, 1),
            pendingprocess: NETWORK_DIVIDE_PROCESS,
          },
        ],
      }),
      { network_divide: { backorder_ids: ["bo_order1"] } }
    )
    expect(plan.network_results).toEqual([
      {
        backorder_id: "bo_order1",
        order_id: "order1",
        outcome: "released",
        allocations: [
          {
            line_item_id: "order1_line",
            location_id: "loc_1",
            quantity: 1,
            network: false,
          },
          {
            line_item_id: "order1_line",
            location_id: "loc_net",
            quantity: 2,
            network: true,
          },
        ],
      },
    ])
    expect(plan.reservations.create).toEqual([
      expect.objectContaining({
        line_item_id: "order1_line",
        location_id: "loc_net",
        quantity: 2,
      }),
    ])
    expect(plan.released).toEqual([{ id: "bo_order1", order_id: "order1" }])
    expect(plan.network_divided).toEqual([
      { id: "bo_order1", order_id: "order1" },
    ])
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "pending",
        released_at: NOW,
        pendingprocess: null,
        pendingprocess_at: null,
      },
    ])
  })

  it("fails a network divide the network cannot complete, says why and changes nothing of the order", () => {
    const plan = buildBackorderPlan(
      net({
        levels: [level(0, 0), level(1, 0, "loc_net")],
        waiting: [
          {
            ...waiting("order1", 2, 0),
            pendingprocess: NETWORK_DIVIDE_PROCESS,
          },
        ],
      }),
      { network_divide: { backorder_ids: ["bo_order1"] } }
    )
    expect(plan.network_results).toEqual([
      expect.objectContaining({
        outcome: "failed",
        reason: expect.stringContaining("not enough SHIRT"),
      }),
    ])
    expect(plan.reservations).toEqual({
      create: [],
      update: [],
      mark: [],
      delete: [],
    })
    expect(plan.released).toEqual([])
    // Processed: the job marker goes, the order is a plain backorder again.
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "backorder",
        pendingprocess: null,
        pendingprocess_at: null,
      },
    ])
  })

  it("clears the job marker of a queued backorder whose order is canceled (it is not stuck)", () => {
    const plan = buildBackorderPlan(
      net({
        waiting: [
          {
            ...waiting("order1", 2, 0),
            status: "network_backorder",
            pendingprocess: NETWORK_DIVIDE_PROCESS,
            pendingprocess_at: NOW,
          },
        ],
        canceled_order_ids: ["order1"],
      })
    )
    expect(plan.records.update).toEqual([
      {
        id: "bo_order1",
        status: "canceled",
        canceled_at: NOW,
        pendingprocess: null,
        pendingprocess_at: null,
      },
    ])
  })

  it("keeps the job marker of a queued backorder during ordinary plans", () => {
    const plan = buildBackorderPlan(
      net({
        waiting: [
          {
            ...waiting("order1", 2, 0),
            status: "network_backorder",
            pendingprocess: NETWORK_DIVIDE_PROCESS,
            pendingprocess_at: NOW,
          },
        ],
      })
    )
    expect(plan.records.update).toEqual([])
  })
})

describe("blockingSkus", () => {
  it("counts only the items that actually block: a kit short of boards does not count its bolts", () => {
    const kit = waiting("order1", 2, 1)
    kit.lines[0].components = [
      { inventory_item_id: "bolt", required_quantity: 4 },
      { inventory_item_id: "board", required_quantity: 2 },
    ]
    const report = blockingSkus(
      snapshot({
        scope: ["bolt", "board"],
        levels: [level(8, 4, "loc_1", "bolt"), level(3, 2, "loc_1", "board")],
        reservations: [
          {
            ...reservation("res_bolt", "order1_line", 4),
            inventory_item_id: "bolt",
          },
          {
            ...reservation("res_board", "order1_line", 2),
            inventory_item_id: "board",
          },
        ],
        waiting: [kit],
        item_labels: { bolt: "BOLT", board: "BOARD" },
      })
    )
    expect(report).toEqual([
      {
        inventory_item_id: "board",
        sku: "BOARD",
        units_backordered: 2,
        orders_waiting: 1,
        oldest_waiting_since: kit.backordered_at,
      },
    ])
  })
})

describe("priorityFor", () => {
  const order = {
    customer_group_ids: ["vip"],
    sales_channel_id: "sc_b2b",
    shipping_option_ids: ["so_express"],
  }

  it("takes the highest matching rule", () => {
    expect(
      priorityFor(
        order,
        [
          { priority: 5, customer_group_ids: ["vip"] },
          { priority: 10, shipping_option_ids: ["so_express"] },
          { priority: 50, sales_channel_ids: ["sc_other"] },
        ],
        0
      )
    ).toBe(10)
  })

  it("needs every condition of a rule to match", () => {
    expect(
      priorityFor(
        order,
        [
          {
            priority: 7,
            customer_group_ids: ["vip"],
            sales_channel_ids: ["sc_other"],
          },
        ],
        1
      )
    ).toBe(1)
  })

  it("falls back to the default priority", () => {
    expect(priorityFor(order, [], 3)).toBe(3)
  })
})

import { previewOrder, type ExpectedArrival } from ".."
import { level, newOrder, NOW, snapshot, waiting } from "./snapshot-fixtures"

const DEC_1 = "2026-12-01T00:00:00.000Z"
const arrival = (quantity: number, expected_at = DEC_1): ExpectedArrival => ({
  id: `arr_${quantity}`,
  inventory_item_id: "item_1",
  location_id: "loc_1",
  quantity,
  expected_at,
})
// A cart checked out now: after every stored order.
const cart = (quantity: number, extra = {}) =>
  newOrder("cart9", quantity, {
    created_at: NOW,
    display_id: Number.MAX_SAFE_INTEGER,
    ...extra,
  })

describe("previewOrder", () => {
  it("splits a cart line into what stock covers now and what waits, dated by the next arrival", () => {
    const preview = previewOrder(snapshot({ levels: [level(2, 0)] }), cart(3), [
      arrival(5),
    ])
    expect(preview).toEqual({
      estimated_at: DEC_1,
      reason: null,
      lines: [
        {
          line_item_id: "cart9_line",
          quantity: 3,
          quantity_ready: 2,
          quantity_waiting: 1,
          estimated_at: DEC_1,
        },
      ],
    })
  })

  it("never takes stock an older waiting order is owed, and queues behind it for the arrival", () => {
    const preview = previewOrder(
      snapshot({ levels: [level(2, 0)], waiting: [waiting("order1", 3, 0)] }),
      cart(1),
      [arrival(1), arrival(1, "2026-12-05T00:00:00.000Z")]
    )
    expect(preview.lines[0]).toMatchObject({
      quantity_ready: 0,
      quantity_waiting: 1,
    })
    // order1 takes the 2 in stock and the 1 of 1 Dec; the cart gets 5 Dec's.
    expect(preview.estimated_at).toBe("2026-12-05T00:00:00.000Z")
  })

  it("is ready now when stock covers it", () => {
    const preview = previewOrder(
      snapshot({ levels: [level(4, 1)] }),
      cart(3),
      []
    )
    expect(preview.estimated_at).toBe(NOW)
    expect(preview.lines[0]).toMatchObject({
      quantity_ready: 3,
      quantity_waiting: 0,
      estimated_at: NOW,
    })
  })

  it("ranks the cart by the priority rules, as detection will", () => {
    const preview = previewOrder(
      snapshot({
        levels: [level(1, 0)],
        waiting: [waiting("order1", 1, 0)],
        priority_rules: [{ priority: 10, customer_group_ids: ["vip"] }],
      }),
      cart(1, { customer_group_ids: ["vip"] }),
      []
    )
    expect(preview.lines[0].quantity_ready).toBe(1)
  })

  it("says why there is no date", () => {
    const preview = previewOrder(
      snapshot({ levels: [level(0, 0)] }),
      cart(1),
      []
    )
    expect(preview).toMatchObject({
      estimated_at: null,
      reason: "nothing_expected",
    })
  })
})

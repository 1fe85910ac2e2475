import { checkFulfillment, type GateInput } from "../check"

const item = (id: string, quantity: number, fulfilled = 0) => ({
  id,
  title: `Item ${id}`,
  sku: id.toUpperCase(),
  quantity,
  fulfilled_quantity: fulfilled,
})

const order = (...items: ReturnType<typeof item>[]): GateInput["order"] => ({
  id: "order_1",
  display_id: 7,
  items,
})

const line = (
  lineItemId: string,
  quantity: number,
  covered: number,
  released: number
) => ({
  line_item_id: lineItemId,
  title: `Item ${lineItemId}`,
  sku: lineItemId.toUpperCase(),
  quantity,
  quantity_covered: covered,
  quantity_released: released,
})

describe("fulfilment gate check", () => {
  it("lets an ordinary order ship up to each item's unfulfilled quantity", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 3, 1)),
        backorder: null,
        requested: [{ id: "a", quantity: 2 }],
      })
    ).toBeNull()
  })

  it("refuses beyond the unfulfilled quantity, naming ordered and fulfilled", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 2, 2), item("b", 1)),
        backorder: null,
        requested: [
          { id: "a", quantity: 2 },
          { id: "b", quantity: 1 },
        ],
      })
    ).toEqual({
      reason: "over_unfulfilled",
      items: [{ id: "a", requested: 2, allowed: 0 }],
      message:
        'Order #7 cannot ship more than is left to fulfil — "Item a" (SKU A): 2 requested, 0 left (2 ordered, 2 fulfilled).',
    })
  })

  it("sums an item asked for twice in one request", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 3)),
        backorder: null,
        requested: [
          { id: "a", quantity: 2 },
          { id: "a", quantity: 2 },
        ],
      })?.items
    ).toEqual([{ id: "a", requested: 4, allowed: 3 }])
  })

  it("leaves unknown items and non-positive quantities to Medusa's own validation", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 1)),
        backorder: null,
        requested: [
          { id: "nope", quantity: 5 },
          { id: "a", quantity: -3 },
        ],
      })
    ).toBeNull()
  })

  it("ships a waiting backorder's released units only, less what was fulfilled", () => {
    const backorder = { id: "bo_1", lines: [line("a", 4, 3, 2)] }
    expect(
      checkFulfillment({
        order: order(item("a", 4, 1)),
        backorder,
        requested: [{ id: "a", quantity: 1 }],
      })
    ).toBeNull()
    const refusal = checkFulfillment({
      order: order(item("a", 4, 1)),
      backorder,
      requested: [{ id: "a", quantity: 2 }],
    })
    expect(refusal).toMatchObject({
      reason: "backordered",
      items: [{ id: "a", requested: 2, allowed: 1 }],
    })
    expect(refusal!.message).toBe(
      'Order #7 is backordered (backorder bo_1); these items cannot be fulfilled yet — "Item a" (SKU A): 1 backordered, 1 in stock but not released. Wait for the stock to arrive or divide the order to ship what is available.'
    )
  })

  it("lets lines the backorder does not hold ship as any order's would", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 2), item("b", 1)),
        backorder: { id: "bo_1", lines: [line("a", 2, 0, 0)] },
        requested: [{ id: "b", quantity: 1 }],
      })
    ).toBeNull()
  })

  it("reports going beyond the order before the backorder", () => {
    expect(
      checkFulfillment({
        order: order(item("a", 2, 2)),
        backorder: { id: "bo_1", lines: [line("a", 2, 2, 2)] },
        requested: [{ id: "a", quantity: 1 }],
      })?.reason
    ).toBe("over_unfulfilled")
  })

  it("names the order by id when it has no display id", () => {
    expect(
      checkFulfillment({
        order: { id: "order_9", display_id: null, items: [item("a", 1, 1)] },
        backorder: null,
        requested: [{ id: "a", quantity: 1 }],
      })?.message
    ).toMatch(/^Order order_9 cannot ship/)
  })
})

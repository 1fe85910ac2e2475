import { skuShortages } from "../blocking-skus"

describe("skuShortages (the SKU report from the queue index)", () => {
  const at = "2026-06-01T10:00:00.000Z"
  const later = "2026-06-02T10:00:00.000Z"

  it("adds up single-item lines per item", () => {
    expect(
      skuShortages(
        {
          singles: [
            { inventory_item_id: "lamp", units: 5, orders: 2, oldest: at },
          ],
          kits: [],
          free: { lamp: 0 },
        },
        { lamp: "LAMP" }
      )
    ).toEqual([
      {
        inventory_item_id: "lamp",
        sku: "LAMP",
        units_backordered: 5,
        orders_waiting: 2,
        oldest_waiting_since: at,
      },
    ])
  })

  it("counts a kit only against the items it is short of: boards, not the bolts in stock", () => {
    const kit = (item: string, missing: number) => ({
      line_id: "kit_line",
      backorder_id: "bo_1",
      inventory_item_id: item,
      missing,
      backordered_at: later,
    })
    expect(
      skuShortages({
        singles: [],
        kits: [kit("bolt", 4), kit("board", 2)],
        free: { bolt: 8, board: 1 },
      })
    ).toEqual([
      {
        inventory_item_id: "board",
        sku: null,
        units_backordered: 2,
        orders_waiting: 1,
        oldest_waiting_since: later,
      },
    ])
  })

  it("blames every component of a kit whose parts are each in stock but never together", () => {
    const kit = (item: string) => ({
      line_id: "kit_line",
      backorder_id: "bo_1",
      inventory_item_id: item,
      missing: 1,
      backordered_at: at,
    })
    expect(
      skuShortages({
        singles: [
          { inventory_item_id: "a", units: 3, orders: 1, oldest: later },
        ],
        kits: [kit("a"), kit("b")],
        free: { a: 5, b: 5 },
      }).map((row) => [
        row.inventory_item_id,
        row.units_backordered,
        row.orders_waiting,
        row.oldest_waiting_since,
      ])
    ).toEqual([
      ["a", 4, 2, at],
      ["b", 1, 1, at],
    ])
  })
})

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

  it("adds kit lines to single lines of the same item, keeping the oldest wait, sorted by item", () => {
    expect(
      skuShortages({
        singles: [
          { inventory_item_id: "b", units: 3, orders: 1, oldest: later },
        ],
        kits: [
          { inventory_item_id: "b", units: 1, orders: 1, oldest: at },
          { inventory_item_id: "a", units: 2, orders: 1, oldest: later },
        ],
      }).map((row) => [
        row.inventory_item_id,
        row.sku,
        row.units_backordered,
        row.orders_waiting,
        row.oldest_waiting_since,
      ])
    ).toEqual([
      ["a", null, 2, 1, later],
      ["b", null, 4, 2, at],
    ])
  })
})

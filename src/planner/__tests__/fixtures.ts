import type { DemandLine, DemandOrder, StockCell } from "../types"

/** A one-item line: `quantity` units of `item`, nothing covered yet. */
export const line = (
  line_item_id: string,
  quantity: number,
  item = "item_1",
  extra: Partial<DemandLine> = {}
): DemandLine => ({
  line_item_id,
  quantity,
  components: [{ inventory_item_id: item, required_quantity: 1 }],
  current: [],
  ...extra,
})

let sequence = 0

/** An order at priority 0 created at `created_at` (defaults to a rising counter). */
export const order = (
  key: string,
  lines: DemandLine[],
  extra: Partial<DemandOrder> = {}
): DemandOrder => {
  sequence += 1
  return {
    key,
    order_id: `order_${key}`,
    priority: 0,
    created_at: sequence,
    display_id: sequence,
    location_ids: ["loc_a"],
    lines,
    ...extra,
  }
}

export const stock = (
  free: number,
  item = "item_1",
  location = "loc_a"
): StockCell => ({
  inventory_item_id: item,
  location_id: location,
  free,
})

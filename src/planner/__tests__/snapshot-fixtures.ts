import type { PlanningSnapshot, SnapshotBackorder, SnapshotNewOrder } from ".."

/** Snapshots for the planner's tests: one item, one location, one channel. */
export const NOW = "2026-06-01T12:00:00.000Z"

export const snapshot = (
  overrides: Partial<PlanningSnapshot>
): PlanningSnapshot => ({
  now: NOW,
  policy: "fill",
  location_priority: [],
  network_location_ids: [],
  priority_rules: [],
  default_priority: 0,
  scope: ["item_1"],
  levels: [],
  reservations: [],
  waiting: [],
  named: [],
  new_orders: [],
  canceled_order_ids: [],
  channel_locations: { sc_1: ["loc_1"] },
  item_labels: { item_1: "SHIRT" },
  ...overrides,
})

export const newOrder = (
  order_id: string,
  quantity: number,
  extra: Partial<SnapshotNewOrder> = {}
): SnapshotNewOrder => ({
  order_id,
  display_id: Number(order_id.replace(/\D/g, "")) || 1,
  created_at: "2026-06-01T10:00:00.000Z",
  sales_channel_id: "sc_1",
  customer_id: null,
  email: null,
  customer_group_ids: [],
  shipping_option_ids: [],
  lines: [
    {
      line_item_id: `${order_id}_line`,
      variant_id: "variant_1",
      sku: "SHIRT",
      title: "Shirt",
      quantity,
      quantity_fulfilled: 0,
      components: [{ inventory_item_id: "item_1", required_quantity: 1 }],
    },
  ],
  ...extra,
})

export const waiting = (
  order_id: string,
  quantity: number,
  covered: number,
  extra: Partial<SnapshotBackorder> = {}
): SnapshotBackorder => ({
  id: `bo_${order_id}`,
  order_id,
  status: "backorder",
  priority: 0,
  order_created_at: "2026-06-01T09:00:00.000Z",
  order_display_id: Number(order_id.replace(/\D/g, "")) || 1,
  backordered_at: "2026-06-01T09:00:05.000Z",
  sales_channel_id: "sc_1",
  divided_at: null,
  pendingprocess: null,
  pendingprocess_at: null,
  lines: [
    {
      id: `bol_${order_id}`,
      line_item_id: `${order_id}_line`,
      variant_id: "variant_1",
      sku: "SHIRT",
      title: "Shirt",
      quantity,
      quantity_covered: covered,
      quantity_released: 0,
      quantity_fulfilled: 0,
      components: [{ inventory_item_id: "item_1", required_quantity: 1 }],
    },
  ],
  ...extra,
})

export const level = (
  stocked: number,
  reserved: number,
  location_id = "loc_1",
  inventory_item_id = "item_1"
) => ({
  inventory_item_id,
  location_id,
  stocked_quantity: stocked,
  reserved_quantity: reserved,
})

export const reservation = (
  id: string,
  line_item_id: string,
  quantity: number,
  metadata: Record<string, unknown> | null = null
) => ({
  id,
  line_item_id,
  inventory_item_id: "item_1",
  location_id: "loc_1",
  quantity,
  metadata,
})

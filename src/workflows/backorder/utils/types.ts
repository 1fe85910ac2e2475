import type { AllocationPolicy } from "../../../planner"
import type { PriorityRule } from "../../../modules/backorder/options"
import type { BackorderStatusValue } from "../../../modules/backorder/status"
import type { BackorderLineRecord, PlanActor } from "../../../types/backorder"

/** A stored backorder as planning needs it (JSON-safe: dates are ISO strings). */
export type SnapshotBackorder = {
  id: string
  order_id: string
  status: BackorderStatusValue
  priority: number
  order_created_at: string
  order_display_id: number
  backordered_at: string
  sales_channel_id: string | null
  divided_at: string | null
  pendingprocess: string | null
  pendingprocess_at: string | null
  lines: SnapshotBackorderLine[]
  /** The order's managed lines as Medusa has them now (loaded when the order changed). */
  order_lines?: SnapshotOrderLine[]
}

/** A managed order line as Medusa has it. */
export type SnapshotOrderLine = Omit<
  BackorderLineRecord,
  "quantity_covered" | "quantity_released"
> & { quantity_fulfilled: number }

export type SnapshotBackorderLine = BackorderLineRecord & {
  id: string
  /** Units of the order item already fulfilled (read for lines with released units). */
  quantity_fulfilled: number
}

/** A placed order that has no backorder yet (detection). */
export type SnapshotNewOrder = {
  order_id: string
  display_id: number
  created_at: string
  sales_channel_id: string | null
  customer_id: string | null
  email: string | null
  customer_group_ids: string[]
  shipping_option_ids: string[]
  lines: SnapshotOrderLine[]
}

export type SnapshotReservation = {
  id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  metadata: Record<string, unknown> | null
}

export type SnapshotLevel = {
  inventory_item_id: string
  location_id: string
  stocked_quantity: number
  reserved_quantity: number
}

/** Everything one plan needs, read under the inventory locks. */
export type PlanningSnapshot = {
  now: string
  policy: AllocationPolicy
  location_priority: string[]
  network_location_ids: string[]
  priority_rules: PriorityRule[]
  default_priority: number
  /** Inventory items this plan may re-allocate (the locked keys). */
  scope: string[]
  levels: SnapshotLevel[]
  /** Reservations held by the lines of the loaded orders. */
  reservations: SnapshotReservation[]
  /** Waiting backorders that need an item of the scope. */
  waiting: SnapshotBackorder[]
  /** Stored backorders of the orders named in the input, whatever their status. */
  named: SnapshotBackorder[]
  new_orders: SnapshotNewOrder[]
  /** Orders (of the loaded backorders) that Medusa has canceled. */
  canceled_order_ids: string[]
  /** Stock locations per sales channel id. */
  channel_locations: Record<string, string[]>
  /** SKU per inventory item, for explanations. */
  item_labels: Record<string, string>
}

export type { PlanActor }

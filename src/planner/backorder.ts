/**
 * The planner's view of backorders: what a plan reads (a snapshot of stored
 * backorders, new orders, stock and reservations), what the caller may ask
 * besides converging (intents), and what it answers (record and reservation
 * changes, outcomes). Plain data, JSON-safe (dates are ISO strings); nothing
 * here knows about Medusa, the database or the clock.
 */
import type {
  AllocationPolicy,
  OrderExplanation,
  StockCell,
  StockCutoff,
} from "./types"
import type { PlannedOrder } from "./plan"

/** Backorder statuses (ShipEdge: backorder 7, pending 3). */
export type BackorderStatusValue =
  "backorder" | "network_backorder" | "pending" | "canceled"

/** A rule that sets the initial priority of a new backorder (see the plugin options). */
export type PriorityRule = {
  priority: number
  customer_group_ids?: string[]
  sales_channel_ids?: string[]
  shipping_option_ids?: string[]
}

/** A backorder line as the plan writes it (the stored line has an id besides). */
export type BackorderLineRecord = {
  line_item_id: string
  variant_id: string | null
  sku: string | null
  title: string
  quantity: number
  quantity_covered: number
  quantity_released: number
  components: { inventory_item_id: string; required_quantity: number }[]
}

export type BackorderEventType =
  | "created"
  | "released"
  | "canceled"
  | "coverage_changed"
  | "priority_changed"
  | "divided"
  | "lines_changed"
  | "alternative_applied"
  | "status_changed"
  | "network_divided"

/** Writes of one plan, as produced by the plan builder (dates as ISO strings). */
export type PlanRecordChanges = {
  create: {
    order_id: string
    status: BackorderStatusValue
    priority: number
    order_created_at: string
    order_display_id: number
    sales_channel_id: string | null
    customer_id: string | null
    email: string | null
    backordered_at: string
    pendingprocess?: string | null
    pendingprocess_at?: string | null
    lines: BackorderLineRecord[]
  }[]
  update: {
    id: string
    status?: BackorderStatusValue
    priority?: number
    released_at?: string | null
    canceled_at?: string | null
    divided_at?: string | null
    pendingprocess?: string | null
    pendingprocess_at?: string | null
  }[]
  /** Lines added to a waiting backorder (its order was edited). */
  line_creates: (BackorderLineRecord & { backorder_id: string })[]
  line_updates: {
    id: string
    quantity?: number
    quantity_covered?: number
    quantity_released?: number
  }[]
  /** Lines whose order item is gone (removed by an order edit). */
  line_deletes: string[]
  events: {
    /** Stored backorder id, or absent for a backorder this plan creates (matched by order id). */
    backorder_id?: string
    order_id: string
    type: BackorderEventType
    data: Record<string, unknown>
  }[]
}

/** Who made a change, for the audit log. */
export type PlanActor = { type: "user" | "system"; id?: string | null }

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
  /** Where a sliced release stops handing out an item (see `PlanInput.cutoffs`). */
  cutoffs?: StockCutoff[]
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
  /**
   * Lines of the orders a plan looked at (named, or found through their
   * checkout reservations) that Medusa has canceled. A
   * canceled order holds nothing: Medusa's cancel deletes its reservations
   * before it marks the order canceled, and a plan that read the order in
   * between may have covered it again. The plan gives back what these lines
   * hold of its items.
   */
  canceled_line_item_ids?: string[]
  /** Stock locations per sales channel id. */
  channel_locations: Record<string, string[]>
  /** SKU per inventory item, for explanations. */
  item_labels: Record<string, string>
}

export type ReservationCreate = {
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  metadata: Record<string, unknown>
}

export type Metadata = Record<string, unknown> | null

export type ReservationChanges = {
  create: ReservationCreate[]
  /** Quantity changes of existing reservations (shrinks and grows). */
  update: {
    id: string
    quantity: number
    previous: number
    metadata?: Metadata
    previous_metadata?: Metadata
  }[]
  /** Checkout reservations of newly planned orders, marked as checked. */
  mark: { id: string; metadata: Metadata; previous_metadata: Metadata }[]
  delete: string[]
}

/** Reservation metadata key telling later plans that this order was detected. */
export const CHECKED_METADATA_KEY = "backorders_checked"

/** What the caller wants besides converging to the plan. */
export type PlanIntent = {
  /**
   * Release covered units early. `divide` ships what the queue already gives
   * these backorders; `send_available` lets them fill from free stock at their
   * rank first (even under the `complete` policy), then ships it.
   */
  divide?: { backorder_ids: string[]; mode: "divide" | "send_available" }
  /** Divide Network Backorder: cover these backorders' missing units from network locations. */
  network_divide?: { backorder_ids: string[] }
}

export type NetworkDivideOutcome = {
  backorder_id: string
  order_id: string
  outcome: "released" | "failed" | "skipped"
  reason?: string
  /** Which location ships what, per line (`network` marks network locations). */
  allocations: {
    line_item_id: string
    location_id: string
    quantity: number
    network: boolean
  }[]
}

/** pendingprocess of a backorder that the network could cover, awaiting the merchant's decision. */
export const NETWORK_BACKORDER_PROCESS = "network_backorder_process"
/** pendingprocess of a backorder queued in or being processed by a network divide job. */
export const NETWORK_DIVIDE_PROCESS = "network_divide_process"

export type DivideOutcome = {
  backorder_id: string
  order_id: string
  outcome: "divided" | "released" | "skipped"
  reason?: string
  /** Units released for fulfillment now, and units still waiting, per line. */
  lines: { line_item_id: string; shipped: number; remaining: number }[]
}

export type BackorderPlan = {
  reservations: ReservationChanges
  records: PlanRecordChanges
  /** Backorders (stored ones) released to pending by this plan. */
  released: { id: string; order_id: string }[]
  canceled: { id: string; order_id: string }[]
  divided: { id: string; order_id: string }[]
  /** Per requested backorder, what Divide / Send what's available did. */
  divide_results: DivideOutcome[]
  /** Per requested backorder, what Divide Network Backorder did. */
  network_results: NetworkDivideOutcome[]
  network_divided: { id: string; order_id: string }[]
  /** Orders that became backorders (ids are assigned when saved). */
  created_order_ids: string[]
  /** Every planned order, in rank order, with its explanation. */
  explanations: OrderExplanation[]
  /** Coverage per planned order (rank order), for previews and simulations. */
  planned: PlannedOrder[]
  /** Free stock left per item and location after the plan. */
  remaining: StockCell[]
}

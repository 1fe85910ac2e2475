/** Records and changes of the backorder module, shared by the module service and the workflows. */
import type { BackorderStatusValue } from "../modules/backorder/status"

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

/** What `savePlanChanges` did, enough to undo it. */
export type SavedPlanChanges = {
  created: { id: string; order_id: string }[]
  previous_backorders: {
    id: string
    status: BackorderStatusValue
    priority: number
    released_at: string | null
    canceled_at: string | null
    divided_at: string | null
    pendingprocess: string | null
    pendingprocess_at: string | null
  }[]
  previous_lines: {
    id: string
    quantity: number
    quantity_covered: number
    quantity_released: number
  }[]
  created_line_ids: string[]
  deleted_lines: (BackorderLineRecord & { backorder_id: string })[]
  event_ids: string[]
}

/** One order of a background job: its checkpoint and result. */
export type BackorderJobItem = {
  backorder_id: string
  order_id: string
  state: "pending" | "done" | "failed" | "skipped"
  /** The backorder's state before the job queued it (reset restores it). */
  previous: {
    status: string
    pendingprocess: string | null
    pendingprocess_at: string | null
  }
  outcome?: string
  reason?: string
  allocations?: {
    line_item_id: string
    location_id: string
    quantity: number
    network: boolean
  }[]
}

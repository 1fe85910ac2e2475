/** Records and changes of the backorder module, shared by the module service and the workflows. */
import type { BackorderStatusValue } from "../modules/backorder/status"

export type {
  BackorderEventType,
  BackorderLineRecord,
  PlanActor,
  PlanRecordChanges,
} from "../planner"
import type { BackorderLineRecord, ShortageInput } from "../planner"

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

/** One order of a background job as the API shows it: its state and result. */
export type BackorderJobItem = {
  backorder_id: string
  order_id: string
  state: "pending" | "done" | "failed" | "skipped"
  outcome?: string
  reason?: string
  allocations?: {
    line_item_id: string
    location_id: string
    quantity: number
    network: boolean
  }[]
}

/** A trigger for the change queue: what changed (at least one id) and why. */
export type ChangeInput = {
  inventory_item_id?: string | null
  order_id?: string | null
  job_id?: string | null
  reason: string
}

/** A queue row a worker has claimed. */
export type ClaimedChange = {
  id: string
  inventory_item_id: string | null
  order_id: string | null
  job_id: string | null
  reason: string
  attempts: number
  created_at: string
}

/** What the change queue holds, for the summary and troubleshooting. */
export type ChangeQueueStats = {
  depth: number
  in_progress: number
  failing: number
  oldest_at: string | null
  failing_changes: {
    id: string
    inventory_item_id: string | null
    order_id: string | null
    job_id: string | null
    reason: string
    attempts: number
    last_error: string | null
    available_at: string
    created_at: string
  }[]
}

/** A position in one item's queue: the rank keys of a waiting backorder. */
export type QueueCursor = {
  priority: number
  order_created_at: string
  order_display_id: number
  order_id: string
}

/** One waiting entry of an item's queue. */
export type QueueEntry = QueueCursor & { backorder_id: string }

/** A stored backorder as a plan reads it, with lines and components. */
export type PlanBackorderRow = {
  id: string
  order_id: string
  status: BackorderStatusValue
  priority: number
  order_created_at: Date | string
  order_display_id: number
  backordered_at: Date | string
  sales_channel_id: string | null
  divided_at: Date | string | null
  pendingprocess: string | null
  pendingprocess_at: Date | string | null
  lines: (BackorderLineRecord & { id: string })[]
}

/** A stored backorder row of the admin list, with its lines. */
export type BackorderPageRow = {
  id: string
  order_id: string
  status: BackorderStatusValue
  priority: number
  pendingprocess: string | null
  pendingprocess_at: Date | string | null
  order_created_at: Date | string
  order_display_id: number
  sales_channel_id: string | null
  email: string | null
  backordered_at: Date | string
  released_at: Date | string | null
  canceled_at: Date | string | null
  estimated_at?: Date | string | null
  estimate_reason?: string | null
  lines: {
    line_item_id: string
    variant_id: string | null
    sku: string | null
    title: string
    quantity: number
    quantity_covered: number
    quantity_released: number
  }[]
}

/** The SKU report's figures as the module counts them (see `skuShortages`). */
export type ShortageFigures = ShortageInput

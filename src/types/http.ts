import type { ChangeQueueStats } from "./backorder"
/** HTTP shapes of the plugin's admin API, shared by the API routes and the admin UI. */
import type { BackorderStatusValue } from "../modules/backorder/status"
import type { BackorderJobItem } from "./backorder"

export type AdminBackorderLine = {
  line_item_id: string
  variant_id: string | null
  sku: string | null
  title: string
  quantity: number
  quantity_covered: number
  quantity_backordered: number
  quantity_released: number
}

export type AdminBackorder = {
  id: string
  order_id: string
  display_id: number
  status: BackorderStatusValue
  /** ShipEdge code: 7 backorder, 3 pending, null when canceled. */
  status_code: number | null
  priority: number
  pendingprocess: string | null
  pendingprocess_at: string | null
  sales_channel_id: string | null
  email: string | null
  order_created_at: string
  backordered_at: string
  released_at: string | null
  canceled_at: string | null
  /**
   * While it waits: when it is expected to ship from the expected arrivals
   * (null: no date, `estimate_reason` says why), as last computed.
   */
  estimated_at: string | null
  estimate_reason: string | null
  lines: AdminBackorderLine[]
}

export type AdminBackorderEvent = {
  id: string
  type: string
  actor_type: string
  actor_id: string | null
  data: Record<string, unknown> | null
  created_at: string
}

export type AdminBackorderListResponse = {
  backorders: AdminBackorder[]
  count: number
  offset: number
  limit: number
  /** Pass as `after` for the next page (keyset); null on the last page. */
  next_cursor: string | null
}

export type AdminBackorderSummaryResponse = {
  counts: {
    backorder: number
    network_backorder: number
    pending: number
    canceled: number
  }
  unlockable: number
  stuck: number
  /** The change queue: rows waiting to be planned, the oldest one, and rows that failed and wait for a retry. */
  queue: { depth: number; oldest_at: string | null; failing: number }
}

export type AdminBackorderResponse = {
  backorder: AdminBackorder & {
    events: AdminBackorderEvent[]
    explanation: unknown
  }
}

export type AdminReleaseBackordersResponse = {
  released: { id: string; order_id: string }[]
  canceled: { id: string; order_id: string }[]
  created: { id: string; order_id: string }[]
  reservations: { created: number; updated: number; deleted: number }
  /** Queued changes this call could not handle now (busy locks, errors): they are retried. */
  queued_for_retry: number
}

export type AdminUnlockableBackorder = Omit<AdminBackorder, "lines"> & {
  lines: (AdminBackorderLine & {
    /** Units that ship now if the backorder is divided. */
    quantity_to_ship: number
    /** Units that stay backordered. */
    quantity_to_wait: number
  })[]
}

export type AdminUnlockableBackordersResponse = {
  backorders: AdminUnlockableBackorder[]
  count: number
  offset: number
  limit: number
  /** Pass as `after` for the next page; null on the last one. */
  next_cursor: string | null
}

export type BulkOutcome = "divided" | "released" | "replaced" | "skipped"

export type AdminBackorderBulkResponse = {
  results: {
    backorder_id: string
    order_id: string
    outcome: BulkOutcome
    reason?: string
    /** Divide / Send what's available: units shipped now and still waiting per line. */
    lines?: { line_item_id: string; shipped: number; remaining: number }[]
    /** Apply Alternatives: what replaced what, and whether the order was released. */
    replacements?: {
      line_item_id: string
      from_variant_id: string
      from_sku: string | null
      to_variant_id: string
      to_sku: string | null
      quantity: number
    }[]
    released?: boolean
  }[]
}

export type AdminSimulateRestockResponse = {
  released: { backorder_id: string; order_id: string }[]
  unlockable: { backorder_id: string; order_id: string }[]
  remaining: {
    inventory_item_id: string
    location_id: string
    quantity: number
  }[]
}

export type AdminSkuReportRow = {
  sku: string | null
  inventory_item_id: string
  units_backordered: number
  orders_waiting: number
  oldest_waiting_since: string
  free: number
  incoming: number
  units_to_release_all: number
  /**
   * When every order missing this SKU is expected to be released, from their
   * estimated dates (null: one of them has no date).
   */
  all_released_expected_at: string | null
}

/** One page of the SKU report, and how many SKUs it has in all. */
export type AdminSkuReportResponse = {
  skus: AdminSkuReportRow[]
  count: number
  offset: number
  limit: number
}

export type AdminProductAlternative = {
  id: string
  variant_id: string
  alternative_variant_id: string
  rank: number
  two_way: boolean
  variant: {
    id: string
    title: string | null
    sku: string | null
    product_title: string | null
  } | null
  alternative_variant: {
    id: string
    title: string | null
    sku: string | null
    product_title: string | null
  } | null
  created_at: string
}

export type AdminProductAlternativeResponse = {
  product_alternative: AdminProductAlternative
}

export type AdminProductAlternativeListResponse = {
  product_alternatives: AdminProductAlternative[]
  count: number
  offset: number
  limit: number
}

export type AdminBackorderSettings = {
  allocation_policy: "fill" | "complete"
  network_location_ids: string[]
  stuck_after_minutes: number
}

export type AdminBackorderSettingsResponse = {
  /** In force now. */
  settings: AdminBackorderSettings
  /** The plugin options, used where no setting was saved. */
  defaults: AdminBackorderSettings
}

/** A background job as lists show it (GET /admin/backorders/jobs, troubleshooting). */
export type AdminBackorderJobSummary = {
  id: string
  kind: string
  status: "queued" | "running" | "succeeded" | "failed" | "stuck"
  total: number
  processed: number
  failed: number
  /** 0–100 */
  progress: number
  heartbeat_at: string | null
  started_at: string | null
  finished_at: string | null
  created_at: string
  created_by: string | null
  error: string | null
}

/** A background job with its per-order results (GET /admin/backorders/jobs/:id, the actions). */
export type AdminBackorderJob = AdminBackorderJobSummary & {
  /** Per order, in processing (rank) order. */
  results: BackorderJobItem[]
}

export type AdminBackorderJobResponse = { job: AdminBackorderJob }

export type AdminBackorderTroubleshootingResponse = {
  stuck_after_minutes: number
  stuck_backorders: {
    id: string
    order_id: string
    display_id: number
    status: string
    pendingprocess: string
    since: string
    minutes: number
  }[]
  stuck_jobs: AdminBackorderJobSummary[]
  /** The change queue (DESIGN D8): depth, oldest entry, entries that failed with their last error. */
  queue: ChangeQueueStats
  repair: string
}

/** Stock expected at a location (DESIGN D12). */
export type AdminBackorderArrival = {
  id: string
  inventory_item_id: string
  sku: string | null
  location_id: string
  quantity: number
  received_quantity: number
  /** Units still expected: quantity − received while `expected`, else 0. */
  expected_quantity: number
  expected_at: string
  reference: string | null
  status: "expected" | "received" | "canceled"
  /** Expected and its date has passed. */
  overdue: boolean
  received_at: string | null
  canceled_at: string | null
  created_at: string
}

export type AdminBackorderArrivalResponse = { arrival: AdminBackorderArrival }

export type AdminBackorderArrivalListResponse = {
  arrivals: AdminBackorderArrival[]
  count: number
  offset: number
  limit: number
}

/** A backorder as its customer sees it (DESIGN D12): no stock rows, no internal states. */
export type StoreBackorderLine = {
  line_item_id: string
  variant_id: string | null
  title: string
  quantity: number
  /** Units in stock for the order (or shipped). */
  quantity_ready: number
  /** Units the order still waits for. */
  quantity_waiting: number
  /** When the line is expected to be ready (null: ready, canceled, or no date). */
  estimated_at: string | null
}

export type StoreBackorder = {
  order_id: string
  display_id: number
  /** waiting (some units are not in stock yet), ready (everything can ship), canceled. */
  status: "waiting" | "ready" | "canceled"
  estimated_at: string | null
  lines: StoreBackorderLine[]
}

export type StoreCustomerBackordersResponse = {
  backorders: StoreBackorder[]
  count: number
  offset: number
  limit: number
}

export type StoreVariantBackorderAvailability = {
  variant_id: string
  /** Units a new order gets from stock now in the key's sales channel (never negative). */
  available_quantity: number | null
  /** Can be ordered beyond the stock (managed inventory, backorders allowed). */
  backorderable: boolean
  /** When a unit ordered now would be ready (now when in stock; null: no date). */
  estimated_at: string | null
}

export type StoreBackorderAvailabilityResponse = {
  variants: StoreVariantBackorderAvailability[]
}

export type StoreCartBackordersResponse = {
  cart_id: string
  /** When the whole cart would be ready if completed now. */
  estimated_at: string | null
  lines: (Omit<StoreBackorderLine, "estimated_at"> & {
    estimated_at: string | null
  })[]
}

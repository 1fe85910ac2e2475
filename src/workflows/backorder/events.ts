/**
 * Events the plugin emits, each with `{ id, order_id }` (backorder id and
 * Medusa order id). Subscribe to them like any Medusa event.
 */
export const BackorderEvents = {
  CREATED: "backorder.created",
  RELEASED: "backorder.released",
  CANCELED: "backorder.canceled",
  PRIORITY_CHANGED: "backorder.priority_changed",
  DIVIDED: "backorder.divided",
  ALTERNATIVE_APPLIED: "backorder.alternative_applied",
  NETWORK_DIVIDED: "backorder.network_divided",
  /** `{ id, kind, status }` of a finished background job. */
  JOB_FINISHED: "backorder.job_finished",
  /** `{ id, order_id, before, after, reason }`: an order's estimated date moved (DESIGN D12). */
  ESTIMATE_CHANGED: "backorder.estimate_changed",
} as const

/** Internal: expected arrivals of these inventory items changed (`{ inventory_item_ids }`): dates are recomputed. */
export const BACKORDER_ARRIVALS_CHANGED_EVENT = "backorder.arrivals_changed"

/** Prefix of the event group ids of the plugin's own workflow runs. */
export const BACKORDER_EVENT_GROUP_PREFIX = "backorders:"

/**
 * Internal: changes were queued by a process that does not drain them itself
 * (an HTTP server), so a worker should drain now. Carries no state; the
 * queue is the state.
 */
export const BACKORDER_CHANGES_QUEUED_EVENT = "backorder.changes_queued"

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
} as const

/** Prefix of the event group ids of the plugin's own workflow runs. */
export const BACKORDER_EVENT_GROUP_PREFIX = "backorders:"

import { randomUUID } from "crypto"
import { BACKORDER_EVENT_GROUP_PREFIX } from "../events"

/**
 * Run context for the plugin's own workflow runs: their events carry an event
 * group id with the plugin's prefix, so the inventory subscriber can tell the
 * plugin's own reservation writes from real stock changes and never triggers
 * itself in a loop.
 */
export const backorderRunContext = () => ({
  eventGroupId: `${BACKORDER_EVENT_GROUP_PREFIX}${randomUUID()}`,
})

/** True for events emitted by one of the plugin's own workflow runs. */
export const isOwnBackorderEvent = (
  metadata?: Record<string, unknown> | null
): boolean =>
  typeof metadata?.eventGroupId === "string" &&
  metadata.eventGroupId.startsWith(BACKORDER_EVENT_GROUP_PREFIX)

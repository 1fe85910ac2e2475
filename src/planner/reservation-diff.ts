/**
 * Stage 4 of a backorder plan: the reservation diff. A reservation is exactly
 * the covered quantity (DESIGN D1): per line, component and location, the
 * target is the pinned released units plus the plan's allocation; existing
 * reservations are created, resized, marked as seen or deleted to match.
 */
import {
  CHECKED_METADATA_KEY,
  type Metadata,
  type ReservationChanges,
  type SnapshotBackorderLine,
} from "./backorder"
import type { PlannedLine, PlannedOrder } from "./plan"
import type { WorkLine, WorkOrders } from "./work-orders"

/** Metadata of a reservation a plan has seen (its order was planned). */
export const checkedMetadata = (
  metadata: Metadata
): Record<string, unknown> => ({
  ...(metadata ?? {}),
  [CHECKED_METADATA_KEY]: true,
})

/**
 * The reservation writes that make Medusa hold exactly what the plan covers.
 *
 * @example
 * // A new order for 3 holds its checkout reservation of 3; the plan covers 1:
 * // → update { quantity: 1, previous: 3 } with the reservation marked seen.
 */
export function diffReservations(
  { scope, work, toCancel, canceledLines, reservationsOfLine }: WorkOrders,
  plannedByKey: Map<string, PlannedOrder>
): ReservationChanges {
  const reservations: ReservationChanges = {
    create: [],
    update: [],
    mark: [],
    delete: [],
  }
  const reconcileLine = (
    line: WorkLine,
    planned: PlannedLine,
    isNew: boolean
  ) => {
    if (line.demand.frozen) {
      return
    }
    for (const component of line.line.components) {
      const per = Math.max(1, component.required_quantity)
      const target = new Map<string, number>()
      for (const [locationId, units] of line.pinnedAt) {
        target.set(locationId, (target.get(locationId) ?? 0) + units * per)
      }
      for (const allocation of planned.allocations) {
        target.set(
          allocation.location_id,
          (target.get(allocation.location_id) ?? 0) + allocation.quantity * per
        )
      }
      const heldHere = reservationsOfLine(line.line.line_item_id).filter(
        (r) => r.inventory_item_id === component.inventory_item_id
      )
      const locations = new Set([
        ...target.keys(),
        ...heldHere.map((r) => r.location_id),
      ])
      for (const locationId of [...locations].sort()) {
        const wanted = target.get(locationId) ?? 0
        const existing = heldHere
          .filter((r) => r.location_id === locationId)
          .sort((a, b) => (a.id < b.id ? -1 : 1))
        if (!existing.length) {
          if (wanted > 0) {
            reservations.create.push({
              line_item_id: line.line.line_item_id,
              inventory_item_id: component.inventory_item_id,
              location_id: locationId,
              quantity: wanted,
              metadata: checkedMetadata(null),
            })
          }
          continue
        }
        const [keep, ...extra] = existing
        extra.forEach((r) => reservations.delete.push(r.id))
        if (wanted === 0) {
          reservations.delete.push(keep.id)
        } else if (keep.quantity !== wanted) {
          reservations.update.push({
            id: keep.id,
            quantity: wanted,
            previous: keep.quantity,
            ...(isNew
              ? {
                  metadata: checkedMetadata(keep.metadata),
                  previous_metadata: keep.metadata,
                }
              : {}),
          })
        } else if (isNew && keep.metadata?.[CHECKED_METADATA_KEY] !== true) {
          reservations.mark.push({
            id: keep.id,
            metadata: checkedMetadata(keep.metadata),
            previous_metadata: keep.metadata,
          })
        }
      }
    }
  }
  for (const order of work) {
    const planned = plannedByKey.get(order.demand.key)!
    order.lines.forEach((line, index) =>
      reconcileLine(line, planned.lines[index], !!order.newOrder)
    )
  }
  const deleteAllOf = (lines: SnapshotBackorderLine[]) =>
    lines.forEach((line) =>
      reservationsOfLine(line.line_item_id).forEach((r) =>
        reservations.delete.push(r.id)
      )
    )
  for (const order of work) {
    deleteAllOf(order.deletedLines)
  }
  for (const backorder of toCancel.values()) {
    deleteAllOf(backorder.lines)
  }
  for (const lineItemId of canceledLines) {
    reservationsOfLine(lineItemId)
      .filter((r) => scope.has(r.inventory_item_id))
      .forEach((r) => reservations.delete.push(r.id))
  }
  return reservations
}

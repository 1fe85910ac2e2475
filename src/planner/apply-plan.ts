import type { BackorderPlan, PlanningSnapshot } from "./backorder"

/**
 * The snapshot as it would be after `plan` was written (reservations created,
 * resized and deleted, the levels' reserved counters moved by as much,
 * waiting lines' coverage and statuses updated; released and canceled
 * backorders leave the queue, their reservations stay and keep their stock).
 * Pure: what simulations step through time with. New orders and edits are
 * not carried over (plan snapshots without them).
 */
export function applyPlan(
  snapshot: PlanningSnapshot,
  plan: BackorderPlan,
  idPrefix = "simres"
): PlanningSnapshot {
  const key = (item: string, location: string) => `${item}\u0000${location}`
  const delta = new Map<string, number>()
  const move = (item: string, location: string, by: number) =>
    delta.set(key(item, location), (delta.get(key(item, location)) ?? 0) + by)

  const deleted = new Set(plan.reservations.delete)
  const resized = new Map(plan.reservations.update.map((u) => [u.id, u]))
  const reservations = snapshot.reservations.flatMap((r) => {
    if (deleted.has(r.id)) {
      move(r.inventory_item_id, r.location_id, -r.quantity)
      return []
    }
    const update = resized.get(r.id)
    if (update) {
      move(r.inventory_item_id, r.location_id, update.quantity - r.quantity)
      return [{ ...r, quantity: update.quantity }]
    }
    return [r]
  })
  // Ids not used by any reservation of the snapshot (earlier steps' included).
  let next =
    Math.max(
      0,
      ...snapshot.reservations
        .filter((r) => r.id.startsWith(`${idPrefix}_`))
        .map((r) => Number(r.id.slice(idPrefix.length + 1)) || 0)
    ) + 1
  plan.reservations.create.forEach((c) => {
    move(c.inventory_item_id, c.location_id, c.quantity)
    reservations.push({
      id: `${idPrefix}_${next++}`,
      line_item_id: c.line_item_id,
      inventory_item_id: c.inventory_item_id,
      location_id: c.location_id,
      quantity: c.quantity,
      metadata: c.metadata,
    })
  })

  const gone = new Set([
    ...plan.released.map((b) => b.id),
    ...plan.canceled.map((b) => b.id),
  ])
  const lineUpdates = new Map(plan.records.line_updates.map((u) => [u.id, u]))
  const statusUpdates = new Map(plan.records.update.map((u) => [u.id, u]))
  const waiting = snapshot.waiting
    .filter((b) => !gone.has(b.id))
    .map((b) => {
      const update = statusUpdates.get(b.id)
      return {
        ...b,
        ...(update?.status ? { status: update.status } : {}),
        ...(update && "pendingprocess" in update
          ? {
              pendingprocess: update.pendingprocess ?? null,
              pendingprocess_at: update.pendingprocess_at ?? null,
            }
          : {}),
        lines: b.lines.map((line) => {
          const lineUpdate = lineUpdates.get(line.id)
          return lineUpdate
            ? {
                ...line,
                quantity: lineUpdate.quantity ?? line.quantity,
                quantity_covered:
                  lineUpdate.quantity_covered ?? line.quantity_covered,
                quantity_released:
                  lineUpdate.quantity_released ?? line.quantity_released,
              }
            : line
        }),
      }
    })

  return {
    ...snapshot,
    levels: snapshot.levels.map((level) => ({
      ...level,
      reserved_quantity:
        level.reserved_quantity +
        (delta.get(key(level.inventory_item_id, level.location_id)) ?? 0),
    })),
    reservations,
    waiting,
    named: [],
    new_orders: [],
  }
}

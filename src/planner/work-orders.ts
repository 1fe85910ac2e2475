/**
 * Stage 1 of a backorder plan: the work orders. Turns a snapshot into the
 * demand the allocator ranks (waiting backorders synced with their orders,
 * new orders with their initial priority, canceled ones set aside) and the
 * free stock per item and location it may hand out (stock − reservations not
 * held by planned lines: what frozen lines and pinned released units hold
 * stays taken).
 */
import type {
  BackorderLineRecord,
  PlanIntent,
  PlanningSnapshot,
  PriorityRule,
  SnapshotBackorder,
  SnapshotBackorderLine,
  SnapshotNewOrder,
  SnapshotOrderLine,
  SnapshotReservation,
} from "./backorder"
import type { DemandLine, DemandOrder, StockCell } from "./types"

/** Highest matching rule wins; a rule matches when all of its conditions match. */
export function priorityFor(
  order: Pick<
    SnapshotNewOrder,
    "customer_group_ids" | "sales_channel_id" | "shipping_option_ids"
  >,
  rules: readonly PriorityRule[],
  defaultPriority: number
): number {
  const matches = rules.filter(
    (rule) =>
      (!rule.customer_group_ids?.length ||
        rule.customer_group_ids.some((id) =>
          order.customer_group_ids.includes(id)
        )) &&
      (!rule.sales_channel_ids?.length ||
        (!!order.sales_channel_id &&
          rule.sales_channel_ids.includes(order.sales_channel_id))) &&
      (!rule.shipping_option_ids?.length ||
        rule.shipping_option_ids.some((id) =>
          order.shipping_option_ids.includes(id)
        ))
  )
  return matches.length
    ? Math.max(...matches.map((rule) => rule.priority))
    : defaultPriority
}

export const key2 = (a: string, b: string) => `${a}\u0000${b}`

/** A line as planned: its stored record (if any) and what this plan sees of it. */
export type WorkLine = {
  record?: SnapshotBackorderLine
  line: BackorderLineRecord
  demand: DemandLine
  /** Released units not fulfilled yet keep their reservation: units pinned per location. */
  pinnedAt: Map<string, number>
}

export type WorkOrder = {
  backorder?: SnapshotBackorder
  newOrder?: SnapshotNewOrder
  demand: DemandOrder
  lines: WorkLine[]
  deletedLines: SnapshotBackorderLine[]
}

/**
 * Aligns a waiting backorder's lines with its order after an edit: new items
 * become lines, removed items go, changed quantities are taken over.
 */
function syncLines(backorder: SnapshotBackorder): {
  lines: (BackorderLineRecord & {
    record?: SnapshotBackorderLine
    quantity_fulfilled: number
  })[]
  deleted: SnapshotBackorderLine[]
} {
  const byItem = new Map(
    backorder.lines.map((line) => [line.line_item_id, line])
  )
  const reopened = backorder.status === "pending"
  if (!backorder.order_lines) {
    return {
      lines: backorder.lines.map((line) => ({ ...line, record: line })),
      deleted: [],
    }
  }
  const current = new Map(
    backorder.order_lines.map((line) => [line.line_item_id, line])
  )
  return {
    lines: backorder.order_lines
      .filter((line) => line.quantity > 0)
      .map((line: SnapshotOrderLine) => {
        const record = byItem.get(line.line_item_id)
        // A released backorder planned again (its order grew: DESIGN D11)
        // keeps what it released: its stored lines count as released.
        const released = Math.min(
          reopened
            ? Math.max(record?.quantity_released ?? 0, record?.quantity ?? 0)
            : (record?.quantity_released ?? 0),
          line.quantity
        )
        return {
          ...line,
          quantity_covered: Math.max(
            released,
            Math.min(record?.quantity_covered ?? 0, line.quantity)
          ),
          quantity_released: released,
          record,
        }
      }),
    deleted: backorder.lines.filter(
      (line) =>
        !current.has(line.line_item_id) ||
        current.get(line.line_item_id)!.quantity <= 0
    ),
  }
}

/**
 * Turns a planning snapshot into the writes that make the world match the
 * planner's answer: reservation creates / updates / deletes (a reservation is
 * exactly the covered quantity), new backorders for orders short of stock,
 * releases, cancellations, coverage changes, lines synced with edited orders
 * and early releases (Divide / Send what's available), with audit events.
 * Pure: the same snapshot always gives the same plan, and a snapshot taken
 * after applying a plan gives an empty one (nothing to write).
 *
 * @example
 * // Stock 1, a new order for 3 holding Medusa's checkout reservation of 3:
 * // → reservations.update [{ quantity: 1, previous: 3 }], records.create one
 * //   backorder with its line covered 1 / quantity 3.

/** What the later stages share: the work orders, the free stock, and lookups. */
export type WorkOrders = {
  scope: Set<string>
  network: Set<string>
  reservationsOfLine: (lineItemId: string) => SnapshotReservation[]
  /** Backorders whose order Medusa canceled: they stop waiting and give their stock back. */
  toCancel: Map<string, SnapshotBackorder>
  /** Other lines of canceled orders: what they hold of the scope is given back. */
  canceledLines: string[]
  work: WorkOrder[]
  stock: StockCell[]
}

/**
 * Builds the work orders and the free stock of a snapshot.
 *
 * @example
 * // Stock 1, a new order for 3 holding its checkout reservation of 3: the
 * // reservation is given back, so the order is ranked against free stock 1
 * // (stocked 1 − reserved 3 + its own 3).
 */
export function buildWorkOrders(
  snapshot: PlanningSnapshot,
  intent: PlanIntent = {}
): WorkOrders {
  const scope = new Set(snapshot.scope)
  const network = new Set(snapshot.network_location_ids)
  const canceledOrders = new Set(snapshot.canceled_order_ids)

  const byLine = new Map<string, SnapshotReservation[]>()
  for (const reservation of snapshot.reservations) {
    const list = byLine.get(reservation.line_item_id) ?? []
    list.push(reservation)
    byLine.set(reservation.line_item_id, list)
  }
  const reservationsOfLine = (lineItemId: string) =>
    byLine.get(lineItemId) ?? []
  const heldAt = (lineItemId: string, itemId: string, locationId: string) =>
    reservationsOfLine(lineItemId)
      .filter(
        (r) => r.inventory_item_id === itemId && r.location_id === locationId
      )
      .reduce((sum, r) => sum + r.quantity, 0)

  const locationsOf = (salesChannelId: string | null) =>
    (salesChannelId
      ? (snapshot.channel_locations[salesChannelId] ?? [])
      : []
    ).filter((locationId) => !network.has(locationId))

  /** Units of a line held per location: the scarcest component decides. */
  const heldUnits = (line: BackorderLineRecord) => {
    const locations = [
      ...new Set(
        reservationsOfLine(line.line_item_id).map((r) => r.location_id)
      ),
    ].sort()
    return locations.flatMap((locationId) => {
      const units = Math.min(
        ...line.components.map((c) =>
          Math.floor(
            heldAt(line.line_item_id, c.inventory_item_id, locationId) /
              Math.max(1, c.required_quantity)
          )
        )
      )
      return units > 0 ? [{ location_id: locationId, quantity: units }] : []
    })
  }

  const workLine = (
    line: BackorderLineRecord & {
      record?: SnapshotBackorderLine
      quantity_fulfilled: number
    }
  ): WorkLine => {
    const held = heldUnits(line).sort(
      (a, b) =>
        b.quantity - a.quantity || (a.location_id < b.location_id ? -1 : 1)
    )
    // Released units not yet fulfilled keep their stock: pin them where the line holds the most.
    let toPin = Math.max(0, line.quantity_released - line.quantity_fulfilled)
    const pinnedAt = new Map<string, number>()
    const current = held.map((allocation) => {
      const pin = Math.min(toPin, allocation.quantity)
      toPin -= pin
      if (pin) {
        pinnedAt.set(allocation.location_id, pin)
      }
      return {
        location_id: allocation.location_id,
        quantity: allocation.quantity - pin,
      }
    })
    const { record, quantity_fulfilled: _fulfilled, ...fields } = line
    return {
      record,
      line: fields,
      pinnedAt,
      demand: {
        line_item_id: line.line_item_id,
        quantity: Math.max(0, line.quantity - line.quantity_released),
        components: line.components,
        current: current.filter((allocation) => allocation.quantity > 0),
        frozen: line.components.some((c) => !scope.has(c.inventory_item_id)),
      },
    }
  }

  // Backorders whose order Medusa canceled stop waiting and give their stock back.
  const toCancel = new Map<string, SnapshotBackorder>()
  for (const backorder of [...snapshot.waiting, ...snapshot.named]) {
    if (
      canceledOrders.has(backorder.order_id) &&
      backorder.status !== "canceled"
    ) {
      toCancel.set(backorder.id, backorder)
    }
  }
  const fillKeys = new Set(
    intent.divide?.mode === "send_available" ? intent.divide.backorder_ids : []
  )

  const work: WorkOrder[] = [
    // Sorted, so the plan (and the order of its writes) never depends on
    // the order rows were read in: a bounded read and a full one agree.
    ...[...snapshot.waiting]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .filter((backorder) => !toCancel.has(backorder.id))
      .map((backorder) => {
        const { lines, deleted } = syncLines(backorder)
        const workLines = lines.map(workLine)
        return {
          backorder,
          deletedLines: deleted,
          lines: workLines,
          demand: {
            key: backorder.order_id,
            order_id: backorder.order_id,
            priority: backorder.priority,
            created_at: Date.parse(backorder.order_created_at),
            display_id: backorder.order_display_id,
            location_ids: locationsOf(backorder.sales_channel_id),
            lines: workLines.map((l) => l.demand),
            keeps_held_after_cutoff: true,
            ...(fillKeys.has(backorder.id) ? { policy: "fill" as const } : {}),
          },
        }
      }),
    ...[...snapshot.new_orders]
      .sort((a, b) =>
        a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0
      )
      .map((order) => {
        const workLines = order.lines.map((line) =>
          // Units already fulfilled (an order edited, claimed or exchanged
          // after shipping) count as covered and released: only the rest waits.
          workLine({
            ...line,
            quantity_covered: line.quantity_fulfilled,
            quantity_released: line.quantity_fulfilled,
          })
        )
        return {
          newOrder: order,
          deletedLines: [],
          lines: workLines,
          demand: {
            key: order.order_id,
            order_id: order.order_id,
            priority: priorityFor(
              order,
              snapshot.priority_rules,
              snapshot.default_priority
            ),
            created_at: Date.parse(order.created_at),
            display_id: order.display_id,
            location_ids: locationsOf(order.sales_channel_id),
            lines: workLines.map((l) => l.demand),
          },
        }
      }),
  ]

  // Free stock for the planned lines: what is neither reserved by others nor
  // held by what this plan does not move (frozen lines, pinned released units).
  const givenBack = new Map<string, number>()
  const giveBack = (lineItemId: string, itemIds: Set<string>) => {
    for (const reservation of reservationsOfLine(lineItemId)) {
      if (itemIds.has(reservation.inventory_item_id)) {
        const key = key2(reservation.inventory_item_id, reservation.location_id)
        givenBack.set(key, (givenBack.get(key) ?? 0) + reservation.quantity)
      }
    }
  }
  /** A line that stops waiting (removed by an edit, or its order canceled) frees what it holds in scope. */
  const giveBackInScope = (line: SnapshotBackorderLine) =>
    giveBack(
      line.line_item_id,
      new Set(
        line.components
          .map((c) => c.inventory_item_id)
          .filter((id) => scope.has(id))
      )
    )
  for (const order of work) {
    for (const line of order.lines) {
      if (!line.demand.frozen) {
        giveBack(
          line.line.line_item_id,
          new Set(line.line.components.map((c) => c.inventory_item_id))
        )
        for (const [locationId, units] of line.pinnedAt) {
          for (const c of line.line.components) {
            const key = key2(c.inventory_item_id, locationId)
            givenBack.set(
              key,
              (givenBack.get(key) ?? 0) -
                units * Math.max(1, c.required_quantity)
            )
          }
        }
      }
    }
    order.deletedLines.forEach(giveBackInScope)
  }
  for (const backorder of toCancel.values()) {
    backorder.lines.forEach(giveBackInScope)
  }
  const cancelingLines = new Set(
    [...toCancel.values()].flatMap((b) => b.lines.map((l) => l.line_item_id))
  )
  const canceledLines = [...new Set(snapshot.canceled_line_item_ids ?? [])]
    .filter((id) => !cancelingLines.has(id))
    .sort()
  canceledLines.forEach((id) => giveBack(id, scope))
  const stock: StockCell[] = snapshot.levels
    .filter((level) => scope.has(level.inventory_item_id))
    .map((level) => ({
      inventory_item_id: level.inventory_item_id,
      location_id: level.location_id,
      free:
        level.stocked_quantity -
        level.reserved_quantity +
        (givenBack.get(key2(level.inventory_item_id, level.location_id)) ?? 0),
    }))

  return {
    scope,
    network,
    reservationsOfLine,
    toCancel,
    canceledLines,
    work,
    stock,
  }
}

/** Why a backorder named in an intent is not planned as waiting. */
export function whyNotWaiting(
  snapshot: PlanningSnapshot,
  toCancel: Map<string, SnapshotBackorder>,
  id: string
): { order_id: string; reason: string } {
  const stored = [...snapshot.named, ...snapshot.waiting].find(
    (b) => b.id === id
  )
  const status = toCancel.has(id) ? "canceled" : stored?.status
  return {
    order_id: stored?.order_id ?? "",
    reason:
      status === "pending"
        ? "already released: the whole order is ready to ship"
        : status === "canceled"
          ? "the order was canceled"
          : "the backorder no longer waits for stock",
  }
}

import {
  type DemandLine,
  type DemandOrder,
  explainPlan,
  type OrderExplanation,
  planAllocation,
  type PlannedLine,
  type PlannedOrder,
  type StockCell,
} from "../../../planner"
import type { PriorityRule } from "../../../modules/backorder/options"
import type {
  BackorderLineRecord,
  PlanRecordChanges,
} from "../../../types/backorder"
import type {
  PlanningSnapshot,
  SnapshotBackorder,
  SnapshotBackorderLine,
  SnapshotNewOrder,
  SnapshotOrderLine,
  SnapshotReservation,
} from "./types"

export type ReservationCreate = {
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  metadata: Record<string, unknown>
}

type Metadata = Record<string, unknown> | null

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

const checked = (metadata: Metadata): Record<string, unknown> => ({
  ...(metadata ?? {}),
  [CHECKED_METADATA_KEY]: true,
})

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

const key2 = (a: string, b: string) => `${a}\u0000${b}`

/** A line as planned: its stored record (if any) and what this plan sees of it. */
type WorkLine = {
  record?: SnapshotBackorderLine
  line: BackorderLineRecord
  demand: DemandLine
  /** Released units not fulfilled yet keep their reservation: units pinned per location. */
  pinnedAt: Map<string, number>
}

type WorkOrder = {
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
        const released = Math.min(record?.quantity_released ?? 0, line.quantity)
        return {
          ...line,
          quantity_covered: Math.min(
            record?.quantity_covered ?? 0,
            line.quantity
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
 */
export function buildBackorderPlan(
  snapshot: PlanningSnapshot,
  intent: PlanIntent = {}
): BackorderPlan {
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
    ...snapshot.waiting
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
            ...(fillKeys.has(backorder.id) ? { policy: "fill" as const } : {}),
          },
        }
      }),
    ...snapshot.new_orders.map((order) => {
      const workLines = order.lines.map((line) =>
        workLine({
          ...line,
          quantity_covered: 0,
          quantity_released: 0,
          quantity_fulfilled: 0,
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

  const demand = work.map((order) => order.demand)
  const plan = planAllocation({
    policy: snapshot.policy,
    location_priority: snapshot.location_priority,
    stock,
    orders: demand,
  })
  const explanations = explainPlan(demand, plan, {
    labels: snapshot.item_labels,
  })
  const plannedByKey = new Map(
    plan.orders.map((planned) => [planned.key, planned])
  )

  // ---- network locations: never used by automatic release; they cover the
  // missing units of the backorders a merchant divides over the network, and
  // tell which waiting backorders the network could cover (network_backorder).
  const networkIds = [...network].sort()
  const networkStock: StockCell[] = snapshot.levels
    .filter(
      (level) =>
        scope.has(level.inventory_item_id) && network.has(level.location_id)
    )
    .map((level) => ({
      inventory_item_id: level.inventory_item_id,
      location_id: level.location_id,
      free: level.stocked_quantity - level.reserved_quantity,
    }))
  const remainderOf = (order: WorkOrder): DemandOrder => {
    const planned = plannedByKey.get(order.demand.key)!
    return {
      ...order.demand,
      location_ids: networkIds,
      policy: "complete",
      lines: order.lines.map((line, index) => ({
        ...line.demand,
        quantity: planned.lines[index].backordered,
        current: [],
      })),
    }
  }
  /** Why a backorder named in an intent is not planned as waiting. */
  const notWaiting = (id: string) => {
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
  const network_results: NetworkDivideOutcome[] = []
  let networkLeft = networkStock
  const networkSelected = intent.network_divide?.backorder_ids ?? []
  if (networkSelected.length) {
    const selected = work.filter(
      (order) => order.backorder && networkSelected.includes(order.backorder.id)
    )
    const pass = planAllocation({
      policy: "complete",
      location_priority: snapshot.location_priority,
      stock: networkStock,
      orders: selected
        .filter((order) => !plannedByKey.get(order.demand.key)!.fully_covered)
        .map(remainderOf),
    })
    networkLeft = pass.remaining
    const passByKey = new Map(pass.orders.map((o) => [o.key, o]))
    for (const id of networkSelected) {
      const order = selected.find((o) => o.backorder!.id === id)
      if (!order) {
        network_results.push({
          backorder_id: id,
          outcome: "skipped",
          ...notWaiting(id),
          allocations: [],
        })
        continue
      }
      const own = plannedByKey.get(order.demand.key)!
      const allocationsOf = (planned: PlannedOrder, isNetwork: boolean) =>
        planned.lines.flatMap((line) =>
          line.allocations.map((a) => ({
            line_item_id: line.line_item_id,
            location_id: a.location_id,
            quantity: a.quantity,
            network: isNetwork,
          }))
        )
      if (own.fully_covered) {
        network_results.push({
          backorder_id: id,
          order_id: order.demand.order_id,
          outcome: "released",
          reason: "its own locations cover it now",
          allocations: allocationsOf(own, false),
        })
        continue
      }
      const extra = passByKey.get(order.demand.key)!
      if (!extra.fully_covered) {
        const missing = extra.lines.reduce((sum, l) => sum + l.quantity, 0)
        const coverable = extra.lines.reduce(
          (sum, l) => sum + (l.short_items.length ? 0 : l.quantity),
          0
        )
        const short = [
          ...new Set(extra.lines.flatMap((l) => l.short_items)),
        ].map((itemId) => snapshot.item_labels[itemId] ?? itemId)
        network_results.push({
          backorder_id: id,
          order_id: order.demand.order_id,
          outcome: "failed",
          reason: `the network locations cannot cover all ${missing} missing unit(s)${
            coverable ? ` (${coverable} could be)` : ""
          }: not enough ${short.join(", ") || "stock"}`,
          allocations: [],
        })
        continue
      }
      // The order is covered by its own locations plus the network: merge and release it.
      const merged: PlannedOrder = {
        ...own,
        fully_covered: true,
        covered_units: own.covered_units + own.backordered_units,
        backordered_units: 0,
        lines: own.lines.map((line, index) => ({
          ...line,
          covered: line.quantity,
          backordered: 0,
          short_items: [],
          allocations: [...line.allocations, ...extra.lines[index].allocations],
        })),
      }
      plannedByKey.set(order.demand.key, merged)
      network_results.push({
        backorder_id: id,
        order_id: order.demand.order_id,
        outcome: "released",
        allocations: [
          ...allocationsOf(own, false),
          ...allocationsOf(extra, true),
        ],
      })
    }
  }
  const networkCoverable = new Set<string>()
  if (networkIds.length) {
    const statusPass = planAllocation({
      policy: "complete",
      location_priority: snapshot.location_priority,
      stock: networkLeft,
      orders: work
        .filter((order) => !plannedByKey.get(order.demand.key)!.fully_covered)
        .map(remainderOf),
    })
    statusPass.orders
      .filter((o) => o.fully_covered)
      .forEach((o) => networkCoverable.add(o.key))
  }

  // ---- reservations: pinned units + the plan's coverage, per location ----
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
              metadata: checked(null),
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
                  metadata: checked(keep.metadata),
                  previous_metadata: keep.metadata,
                }
              : {}),
          })
        } else if (isNew && keep.metadata?.[CHECKED_METADATA_KEY] !== true) {
          reservations.mark.push({
            id: keep.id,
            metadata: checked(keep.metadata),
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

  // ---- early releases (Divide / Send what's available) ----
  const divide_results: DivideOutcome[] = []
  const releasedEarly = new Map<string, number>()
  const workByBackorder = new Map(
    work.filter((o) => o.backorder).map((o) => [o.backorder!.id, o])
  )
  for (const id of intent.divide?.backorder_ids ?? []) {
    const order = workByBackorder.get(id)
    if (!order) {
      divide_results.push({
        backorder_id: id,
        outcome: "skipped",
        ...notWaiting(id),
        lines: [],
      })
      continue
    }
    const planned = plannedByKey.get(order.demand.key)!
    const lines = order.lines.map((line, index) => ({
      line_item_id: line.line.line_item_id,
      shipped: planned.lines[index].covered,
      remaining: planned.lines[index].backordered,
    }))
    if (planned.fully_covered) {
      divide_results.push({
        backorder_id: id,
        order_id: order.demand.order_id,
        outcome: "released",
        lines,
      })
      continue
    }
    const shippable = lines.reduce((sum, line) => sum + line.shipped, 0)
    if (!shippable) {
      const releasedBefore = order.lines.some(
        (line) => line.line.quantity_released > 0
      )
      divide_results.push({
        backorder_id: id,
        order_id: order.demand.order_id,
        outcome: "skipped",
        reason: releasedBefore
          ? "nothing new to ship: the units in stock were already released"
          : snapshot.policy === "complete" && intent.divide?.mode === "divide"
            ? "nothing is covered: the complete policy holds stock only for whole orders (use Send what's available)"
            : "nothing to ship yet: no stock covers any of its units",
        lines: lines.map((line) => ({ ...line, shipped: 0 })),
      })
      continue
    }
    lines.forEach((line) => releasedEarly.set(line.line_item_id, line.shipped))
    divide_results.push({
      backorder_id: id,
      order_id: order.demand.order_id,
      outcome: "divided",
      lines,
    })
  }

  // ---- records ----
  const records: PlanRecordChanges = {
    create: [],
    update: [],
    line_creates: [],
    line_updates: [],
    line_deletes: [],
    events: [],
  }
  const released: BackorderPlan["released"] = []
  const divided: BackorderPlan["divided"] = []
  const network_divided: BackorderPlan["network_divided"] = []
  const networkReleased = new Set(
    network_results
      .filter((r) => r.outcome === "released")
      .map((r) => r.backorder_id)
  )
  /** The waiting status the plan gives an order that is not fully covered. */
  const waitingStatus = (key: string) =>
    networkCoverable.has(key)
      ? ("network_backorder" as const)
      : ("backorder" as const)
  const created_order_ids: string[] = []

  for (const order of work) {
    const planned = plannedByKey.get(order.demand.key)!
    const finalLines = order.lines.map((line, index) => {
      const covered = planned.lines[index].covered
      const early = releasedEarly.get(line.line.line_item_id) ?? 0
      return {
        ...line.line,
        quantity_covered: line.line.quantity_released + covered,
        quantity_released: line.line.quantity_released + early,
      }
    })

    if (order.newOrder) {
      if (planned.fully_covered) {
        continue
      }
      created_order_ids.push(order.newOrder.order_id)
      const status = waitingStatus(order.demand.key)
      records.create.push({
        order_id: order.newOrder.order_id,
        status,
        ...(status === "network_backorder"
          ? {
              pendingprocess: NETWORK_BACKORDER_PROCESS,
              pendingprocess_at: snapshot.now,
            }
          : {}),
        priority: order.demand.priority,
        order_created_at: order.newOrder.created_at,
        order_display_id: order.newOrder.display_id,
        sales_channel_id: order.newOrder.sales_channel_id,
        customer_id: order.newOrder.customer_id,
        email: order.newOrder.email,
        backordered_at: snapshot.now,
        lines: finalLines,
      })
      records.events.push({
        order_id: order.newOrder.order_id,
        type: "created",
        data: {
          priority: order.demand.priority,
          lines: planned.lines.map((line) => ({
            line_item_id: line.line_item_id,
            quantity: line.quantity,
            covered: line.covered,
            backordered: line.backordered,
          })),
        },
      })
      continue
    }

    const backorder = order.backorder!
    const coverageChanges: Record<string, unknown>[] = []
    finalLines.forEach((line, index) => {
      const record = order.lines[index].record
      if (!record) {
        records.line_creates.push({ ...line, backorder_id: backorder.id })
        return
      }
      const update: PlanRecordChanges["line_updates"][number] = {
        id: record.id,
      }
      if (line.quantity !== record.quantity) {
        update.quantity = line.quantity
      }
      if (line.quantity_covered !== record.quantity_covered) {
        update.quantity_covered = line.quantity_covered
        coverageChanges.push({
          line_item_id: line.line_item_id,
          before: record.quantity_covered,
          after: line.quantity_covered,
        })
      }
      if (line.quantity_released !== record.quantity_released) {
        update.quantity_released = line.quantity_released
      }
      if (Object.keys(update).length > 1) {
        records.line_updates.push(update)
      }
    })
    order.deletedLines.forEach((line) => records.line_deletes.push(line.id))
    if (
      order.deletedLines.length ||
      finalLines.some((_, index) => !order.lines[index].record)
    ) {
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "lines_changed",
        data: {
          added: order.lines
            .filter((l) => !l.record)
            .map((l) => l.line.line_item_id),
          removed: order.deletedLines.map((l) => l.line_item_id),
        },
      })
    }

    const dividedNow = divide_results.find(
      (r) => r.backorder_id === backorder.id && r.outcome === "divided"
    )
    if (planned.fully_covered) {
      released.push({ id: backorder.id, order_id: backorder.order_id })
      records.update.push({
        id: backorder.id,
        status: "pending",
        released_at: snapshot.now,
        pendingprocess: null,
        pendingprocess_at: null,
      })
      if (networkReleased.has(backorder.id)) {
        network_divided.push({ id: backorder.id, order_id: backorder.order_id })
        records.events.push({
          backorder_id: backorder.id,
          order_id: backorder.order_id,
          type: "network_divided",
          data: {
            allocations: network_results.find(
              (r) => r.backorder_id === backorder.id
            )!.allocations,
          },
        })
      }
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "released",
        data: { from: backorder.status, to: "pending", rank: planned.rank },
      })
      continue
    }
    // Waiting: backorder, or network_backorder when the network could cover
    // it. A backorder queued in a network job keeps its job marker until the
    // job has processed it.
    const status = waitingStatus(order.demand.key)
    const processedNow = networkSelected.includes(backorder.id)
    const keepMarker =
      backorder.pendingprocess === NETWORK_DIVIDE_PROCESS && !processedNow
    const pendingprocess = keepMarker
      ? backorder.pendingprocess
      : status === "network_backorder"
        ? NETWORK_BACKORDER_PROCESS
        : null
    if (
      status !== backorder.status ||
      pendingprocess !== backorder.pendingprocess
    ) {
      records.update.push({
        id: backorder.id,
        status,
        pendingprocess,
        pendingprocess_at:
          pendingprocess === backorder.pendingprocess
            ? backorder.pendingprocess_at
            : pendingprocess
              ? snapshot.now
              : null,
      })
      if (status !== backorder.status) {
        records.events.push({
          backorder_id: backorder.id,
          order_id: backorder.order_id,
          type: "status_changed",
          data: { from: backorder.status, to: status },
        })
      }
    }
    if (coverageChanges.length) {
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "coverage_changed",
        data: { lines: coverageChanges },
      })
    }
    if (dividedNow) {
      divided.push({ id: backorder.id, order_id: backorder.order_id })
      records.update.push({ id: backorder.id, divided_at: snapshot.now })
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "divided",
        data: { mode: intent.divide!.mode, lines: dividedNow.lines },
      })
    }
  }

  const canceled = [...toCancel.values()].map((backorder) => {
    records.update.push({
      id: backorder.id,
      status: "canceled",
      canceled_at: snapshot.now,
      // A canceled order has no process left (not even a queued network divide).
      pendingprocess: null,
      pendingprocess_at: null,
    })
    records.events.push({
      backorder_id: backorder.id,
      order_id: backorder.order_id,
      type: "canceled",
      data: { from: backorder.status, to: "canceled" },
    })
    return { id: backorder.id, order_id: backorder.order_id }
  })

  return {
    reservations,
    records,
    released,
    canceled,
    divided,
    divide_results,
    network_results,
    network_divided,
    created_order_ids,
    explanations,
    planned: plan.orders,
    remaining: plan.remaining,
  }
}

import {
  type DemandLine,
  type DemandOrder,
  explainPlan,
  type OrderExplanation,
  planAllocation,
  type PlannedOrder,
  type StockCell,
} from "../../../planner"
import type { PriorityRule } from "../../../modules/backorder/options"
import type { PlanRecordChanges } from "../../../types/backorder"
import type {
  PlanningSnapshot,
  SnapshotBackorder,
  SnapshotBackorderLine,
  SnapshotNewOrder,
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

export type BackorderPlan = {
  reservations: ReservationChanges
  records: PlanRecordChanges
  /** Backorders (stored ones) released to pending by this plan. */
  released: { id: string; order_id: string }[]
  canceled: { id: string; order_id: string }[]
  /** Orders that became backorders (ids are assigned when saved). */
  created_order_ids: string[]
  /** Every planned order, in rank order, with its explanation. */
  explanations: OrderExplanation[]
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

type Held = { quantity: number }

const key3 = (a: string, b: string, c: string) => `${a}\u0000${b}\u0000${c}`
const key2 = (a: string, b: string) => `${a}\u0000${b}`

/**
 * Turns a planning snapshot into the writes that make the world match the
 * planner's answer: reservation creates / updates / deletes (a reservation is
 * exactly the covered quantity), new backorders for orders short of stock,
 * releases, cancellations and coverage changes with their audit events.
 * Pure: the same snapshot always gives the same plan, and a snapshot taken
 * after applying a plan gives an empty one (nothing to write).
 *
 * @example
 * // Stock 1, a new order for 3 holding Medusa's checkout reservation of 3:
 * // → reservations.update [{ quantity: 1, previous: 3 }], records.create one
 * //   backorder with its line covered 1 / quantity 3.
 */
export function buildBackorderPlan(snapshot: PlanningSnapshot): BackorderPlan {
  const scope = new Set(snapshot.scope)
  const network = new Set(snapshot.network_location_ids)
  const canceledOrders = new Set(snapshot.canceled_order_ids)

  const heldByLine = new Map<string, Held>()
  for (const reservation of snapshot.reservations) {
    const key = key3(
      reservation.line_item_id,
      reservation.inventory_item_id,
      reservation.location_id
    )
    const held = heldByLine.get(key) ?? { quantity: 0 }
    held.quantity += reservation.quantity
    heldByLine.set(key, held)
  }
  const byLine = new Map<string, PlanningSnapshot["reservations"]>()
  for (const reservation of snapshot.reservations) {
    byLine.set(reservation.line_item_id, [
      ...(byLine.get(reservation.line_item_id) ?? []),
      reservation,
    ])
  }
  const reservationsOfLine = (lineItemId: string) =>
    byLine.get(lineItemId) ?? []

  const locationsOf = (salesChannelId: string | null) =>
    (salesChannelId
      ? (snapshot.channel_locations[salesChannelId] ?? [])
      : []
    ).filter((locationId) => !network.has(locationId))

  const isFrozen = (line: { components: { inventory_item_id: string }[] }) =>
    line.components.some((c) => !scope.has(c.inventory_item_id))

  /** Units of a line currently covered per location: the scarcest component decides. */
  const currentOf = (
    line: Pick<SnapshotBackorderLine, "line_item_id" | "components">
  ) => {
    const locations = new Set(
      reservationsOfLine(line.line_item_id).map((r) => r.location_id)
    )
    return [...locations].sort().flatMap((locationId) => {
      const units = Math.min(
        ...line.components.map((c) =>
          Math.floor(
            (heldByLine.get(
              key3(line.line_item_id, c.inventory_item_id, locationId)
            )?.quantity ?? 0) / Math.max(1, c.required_quantity)
          )
        )
      )
      return units > 0 ? [{ location_id: locationId, quantity: units }] : []
    })
  }

  const toDemandLine = (
    line: Omit<SnapshotBackorderLine, "id">
  ): DemandLine => ({
    line_item_id: line.line_item_id,
    quantity: Math.max(0, line.quantity - line.quantity_released),
    components: line.components,
    current: currentOf(line),
    frozen: isFrozen(line),
  })

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
  const waiting = snapshot.waiting.filter((b) => !toCancel.has(b.id))
  const newOrders = snapshot.new_orders

  const demand: DemandOrder[] = [
    ...waiting.map((backorder) => ({
      key: backorder.order_id,
      order_id: backorder.order_id,
      priority: backorder.priority,
      created_at: Date.parse(backorder.order_created_at),
      display_id: backorder.order_display_id,
      location_ids: locationsOf(backorder.sales_channel_id),
      lines: backorder.lines.map(toDemandLine),
    })),
    ...newOrders.map((order) => ({
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
      lines: order.lines.map((line) =>
        toDemandLine({ ...line, quantity_covered: 0, quantity_released: 0 })
      ),
    })),
  ]

  // Free stock for the planned lines: what is neither reserved by others nor
  // held by lines that this plan does not move (frozen lines, other orders).
  const givenBack = new Map<string, number>()
  const giveBack = (lineItemId: string, itemIds: string[]) => {
    for (const reservation of reservationsOfLine(lineItemId)) {
      if (itemIds.includes(reservation.inventory_item_id)) {
        const key = key2(reservation.inventory_item_id, reservation.location_id)
        givenBack.set(key, (givenBack.get(key) ?? 0) + reservation.quantity)
      }
    }
  }
  for (const order of demand) {
    for (const line of order.lines) {
      if (!line.frozen) {
        giveBack(
          line.line_item_id,
          line.components.map((c) => c.inventory_item_id)
        )
      }
    }
  }
  for (const backorder of toCancel.values()) {
    for (const line of backorder.lines) {
      giveBack(
        line.line_item_id,
        line.components
          .map((c) => c.inventory_item_id)
          .filter((id) => scope.has(id))
      )
    }
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

  const plan = planAllocation({
    policy: snapshot.policy,
    location_priority: snapshot.location_priority,
    stock,
    orders: demand,
  })
  const explanations = explainPlan(demand, plan, {
    labels: snapshot.item_labels,
  })

  const reservations: ReservationChanges = {
    create: [],
    update: [],
    mark: [],
    delete: [],
  }
  const newOrderLines = new Set(
    newOrders.flatMap((order) => order.lines.map((line) => line.line_item_id))
  )
  const demandByKey = new Map(demand.map((order) => [order.key, order]))

  const reconcileLine = (
    line: DemandLine,
    planned: PlannedOrder["lines"][number]
  ) => {
    if (line.frozen) {
      return
    }
    for (const component of line.components) {
      const target = new Map(
        planned.allocations.map((a) => [
          a.location_id,
          a.quantity * Math.max(1, component.required_quantity),
        ])
      )
      const heldHere = reservationsOfLine(line.line_item_id).filter(
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
              line_item_id: line.line_item_id,
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
        const isNew = newOrderLines.has(line.line_item_id)
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

  for (const planned of plan.orders) {
    const order = demandByKey.get(planned.key)!
    order.lines.forEach((line, index) =>
      reconcileLine(line, planned.lines[index])
    )
  }
  for (const backorder of toCancel.values()) {
    for (const line of backorder.lines) {
      reservationsOfLine(line.line_item_id).forEach((r) =>
        reservations.delete.push(r.id)
      )
    }
  }

  const records: PlanRecordChanges = {
    create: [],
    update: [],
    line_updates: [],
    events: [],
  }
  const released: BackorderPlan["released"] = []
  const created_order_ids: string[] = []
  const coveredOf = (planned: PlannedOrder) =>
    new Map(planned.lines.map((line) => [line.line_item_id, line.covered]))

  const plannedByKey = new Map(
    plan.orders.map((planned) => [planned.key, planned])
  )
  for (const order of newOrders) {
    const planned = plannedByKey.get(order.order_id)!
    if (planned.fully_covered) {
      continue
    }
    const covered = coveredOf(planned)
    const demandOrder = demandByKey.get(order.order_id)!
    created_order_ids.push(order.order_id)
    records.create.push({
      order_id: order.order_id,
      status: "backorder",
      priority: demandOrder.priority,
      order_created_at: order.created_at,
      order_display_id: order.display_id,
      sales_channel_id: order.sales_channel_id,
      customer_id: order.customer_id,
      email: order.email,
      backordered_at: snapshot.now,
      lines: order.lines.map((line) => ({
        ...line,
        quantity_covered: covered.get(line.line_item_id) ?? 0,
        quantity_released: 0,
      })),
    })
    records.events.push({
      order_id: order.order_id,
      type: "created",
      data: {
        priority: demandOrder.priority,
        lines: planned.lines.map((line) => ({
          line_item_id: line.line_item_id,
          quantity: line.quantity,
          covered: line.covered,
          backordered: line.backordered,
        })),
      },
    })
  }

  for (const backorder of waiting) {
    const planned = plannedByKey.get(backorder.order_id)!
    const covered = coveredOf(planned)
    const changedLines = backorder.lines.filter(
      (line) =>
        (covered.get(line.line_item_id) ?? 0) + line.quantity_released !==
        line.quantity_covered
    )
    changedLines.forEach((line) =>
      records.line_updates.push({
        id: line.id,
        quantity_covered:
          (covered.get(line.line_item_id) ?? 0) + line.quantity_released,
      })
    )
    if (planned.fully_covered) {
      released.push({ id: backorder.id, order_id: backorder.order_id })
      records.update.push({
        id: backorder.id,
        status: "pending",
        released_at: snapshot.now,
      })
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "released",
        data: { from: backorder.status, to: "pending", rank: planned.rank },
      })
    } else if (changedLines.length) {
      records.events.push({
        backorder_id: backorder.id,
        order_id: backorder.order_id,
        type: "coverage_changed",
        data: {
          lines: changedLines.map((line) => ({
            line_item_id: line.line_item_id,
            before: line.quantity_covered,
            after:
              (covered.get(line.line_item_id) ?? 0) + line.quantity_released,
          })),
        },
      })
    }
  }

  const canceled = [...toCancel.values()].map((backorder) => {
    records.update.push({
      id: backorder.id,
      status: "canceled",
      canceled_at: snapshot.now,
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
    created_order_ids,
    explanations,
    remaining: plan.remaining,
  }
}

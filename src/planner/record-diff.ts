/**
 * Stage 6 of a backorder plan: the record diff. New backorders for orders
 * short of stock, releases, status and coverage changes, synced lines,
 * early releases and cancellations, each with its audit event.
 */
import {
  type BackorderPlan,
  NETWORK_BACKORDER_PROCESS,
  NETWORK_DIVIDE_PROCESS,
  type PlanIntent,
  type PlanningSnapshot,
  type PlanRecordChanges,
} from "./backorder"
import type { EarlyReleases } from "./divide"
import type { NetworkPass } from "./network-pass"
import type { PlannedOrder } from "./plan"
import { compareRank } from "./rank"
import type { WorkOrder, WorkOrders } from "./work-orders"

export type RecordDiff = Pick<
  BackorderPlan,
  | "records"
  | "released"
  | "canceled"
  | "divided"
  | "network_divided"
  | "created_order_ids"
>

/**
 * The backorder records that make the module match the plan.
 *
 * @example
 * // A waiting backorder whose lines the plan covers fully → update
 * // { status: "pending", released_at: now } and a `released` event.
 */
export function diffRecords(
  snapshot: PlanningSnapshot,
  intent: PlanIntent,
  { work, toCancel }: WorkOrders,
  { network_results, networkCoverable, networkSelected }: NetworkPass,
  { divide_results, releasedEarly }: EarlyReleases,
  plannedByKey: Map<string, PlannedOrder>
): RecordDiff {
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
  const cutoffs = snapshot.cutoffs ?? []
  /**
   * The waiting status the plan gives an order that is not fully covered.
   * An order ranked after a slice's cutoff of one of its items is not
   * decided by this slice (it was kept from that item's stock, and is never
   * fully covered by it: see `PlanInput.cutoffs`): a waiting backorder keeps
   * its status and a new one waits as `backorder`, and the next slice tells
   * whether the network could cover it.
   */
  const waitingStatus = (order: WorkOrder) => {
    const undecided = cutoffs.some(
      (cutoff) =>
        compareRank(order.demand, cutoff.rank) > 0 &&
        order.demand.lines.some((line) =>
          line.components.some(
            (c) => c.inventory_item_id === cutoff.inventory_item_id
          )
        )
    )
    const stored = order.backorder?.status
    if (undecided) {
      return stored === "network_backorder" ? stored : ("backorder" as const)
    }
    return networkCoverable.has(order.demand.key)
      ? ("network_backorder" as const)
      : ("backorder" as const)
  }
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
      const status = waitingStatus(order)
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
    if (planned.fully_covered && backorder.status === "pending") {
      // Released before and still whole after its order grew: stays released.
      continue
    }
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
        data: { from: backorder.status, to: "pending" },
      })
      continue
    }
    // Waiting: backorder, or network_backorder when the network could cover
    // it. A backorder queued in a network job keeps its job marker until the
    // job has processed it.
    const status = waitingStatus(order)
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
    records,
    released,
    canceled,
    divided,
    network_divided,
    created_order_ids,
  }
}

/**
 * Stage 3 of a backorder plan: the network locations. They are never used by
 * automatic release; they cover the missing units of the backorders a
 * merchant divides over the network (Divide Network Backorder), and tell
 * which waiting backorders the network could cover (`network_backorder`).
 */
import type {
  NetworkDivideOutcome,
  PlanIntent,
  PlanningSnapshot,
} from "./backorder"
import {
  type DetailedPlanResult,
  planAllocation,
  type PlannedOrder,
} from "./plan"
import type { DemandOrder, StockCell } from "./types"
import { whyNotWaiting, type WorkOrder, type WorkOrders } from "./work-orders"

export type NetworkPass = {
  /** Per requested backorder, what Divide Network Backorder did. */
  network_results: NetworkDivideOutcome[]
  /** Keys of waiting orders the network could cover. */
  networkCoverable: Set<string>
  /** Backorders the intent asked to divide over the network. */
  networkSelected: string[]
  /** The allocation, with network-divided orders merged and fully covered. */
  plannedByKey: Map<string, PlannedOrder>
  /**
   * The pass that decides `network_backorder`: which waiting orders the
   * network stock left could complete, in rank order (null without network
   * locations).
   */
  statusPass: DetailedPlanResult | null
}

/**
 * Divides the requested backorders over the network (each order whole or
 * not at all, in rank order, from network stock) and finds which waiting
 * orders the network could complete with what is left.
 *
 * @example
 * // An order misses 2 lamps; the partner holds 3: Divide Network Backorder
 * // releases it with an allocation of 2 at the partner (network: true).
 */
export function planNetwork(
  snapshot: PlanningSnapshot,
  intent: PlanIntent,
  { scope, network, work, toCancel }: WorkOrders,
  allocated: Map<string, PlannedOrder>
): NetworkPass {
  const plannedByKey = new Map(allocated)
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
          ...whyNotWaiting(snapshot, toCancel, id),
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
  const statusPass = networkIds.length
    ? planAllocation({
        policy: "complete",
        location_priority: snapshot.location_priority,
        stock: networkLeft,
        // Orders after a slice's cutoff get none of it (the record diff keeps
        // their status: the next slice decides it).
        cutoffs: snapshot.cutoffs,
        orders: work
          .filter((order) => !plannedByKey.get(order.demand.key)!.fully_covered)
          .map(remainderOf),
      })
    : null
  statusPass?.orders
    .filter((o) => o.fully_covered)
    .forEach((o) => networkCoverable.add(o.key))
  return {
    network_results,
    networkCoverable,
    networkSelected,
    plannedByKey,
    statusPass,
  }
}

import {
  type BackorderPlan,
  type PlanIntent,
  type PlanningSnapshot,
} from "./backorder"
import { planEarlyReleases } from "./divide"
import { explainPlan } from "./explain"
import { planNetwork } from "./network-pass"
import { planAllocation } from "./plan"
import { diffRecords } from "./record-diff"
import { diffReservations } from "./reservation-diff"
import { buildWorkOrders, type WorkOrders } from "./work-orders"
import type { DetailedPlanResult } from "./plan"

/**
 * The first two stages of a plan: the work orders of a snapshot and their
 * allocation in rank order (what the bounded loader checks how far to read).
 *
 * @example
 * // 5 free, A (older) wants 3, B wants 4 → A covered 3, B covered 2.
 */
export function allocateSnapshot(
  snapshot: PlanningSnapshot,
  intent: PlanIntent = {}
): { workOrders: WorkOrders; allocation: DetailedPlanResult } {
  const workOrders = buildWorkOrders(snapshot, intent)
  const allocation = planAllocation({
    policy: snapshot.policy,
    location_priority: snapshot.location_priority,
    stock: workOrders.stock,
    orders: workOrders.work.map((order) => order.demand),
    cutoffs: snapshot.cutoffs,
  })
  return { workOrders, allocation }
}

/**
 * Whether a plan hands stock to anybody: it releases an order, or creates or
 * grows a reservation. A release slice that does not would be planned again
 * and again (its orders cannot take the stock), so the engine reads on
 * instead. One that does goes on in slices, even when it releases nobody:
 * the next slice either starts further on (the lines it covered in full are
 * no longer short) or, re-reading the same orders, hands stock to nobody.
 *
 * @example
 * // A slice covers the bulb line of 1,000 orders that also wait for a lamp
 * // → true (no release, 1,000 reservations created).
 */
export function handsOutStock(plan: BackorderPlan): boolean {
  return (
    plan.released.length > 0 ||
    plan.reservations.create.length > 0 ||
    plan.reservations.update.some((u) => u.quantity > u.previous)
  )
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
  intent: PlanIntent = {},
  options: { explain?: boolean } = {}
): BackorderPlan {
  const { workOrders, allocation } = allocateSnapshot(snapshot, intent)
  const demand = workOrders.work.map((order) => order.demand)
  // Writers skip the explanations (read endpoints ask for them).
  const explanations =
    options.explain === false
      ? []
      : explainPlan(demand, allocation, { labels: snapshot.item_labels })
  const network = planNetwork(
    snapshot,
    intent,
    workOrders,
    new Map(allocation.orders.map((planned) => [planned.key, planned]))
  )
  const { plannedByKey } = network
  const reservations = diffReservations(workOrders, plannedByKey)
  const divide = planEarlyReleases(snapshot, intent, workOrders, plannedByKey)
  const records = diffRecords(
    snapshot,
    intent,
    workOrders,
    network,
    divide,
    plannedByKey
  )
  return {
    reservations,
    ...records,
    divide_results: divide.divide_results,
    network_results: network.network_results,
    explanations,
    planned: allocation.orders,
    remaining: allocation.remaining,
  }
}

import { buildBackorderPlan } from "./build-plan"
import type {
  PlanningSnapshot,
  SnapshotBackorder,
  SnapshotNewOrder,
} from "./backorder"
import {
  type EstimateReason,
  estimateArrivals,
  type ExpectedArrival,
} from "./estimate"
import { priorityFor } from "./work-orders"

export type OrderPreview = {
  /** Ready now, or when the expected arrivals complete it, or null. */
  estimated_at: string | null
  reason: EstimateReason | null
  lines: {
    line_item_id: string
    quantity: number
    /** Units that would be covered by stock now. */
    quantity_ready: number
    /** Units that would be backordered. */
    quantity_waiting: number
    estimated_at: string | null
  }[]
}

/**
 * What would happen to an order placed now (a cart at checkout, a product
 * page asking about one unit): planned behind the queue exactly as detection
 * would plan it — its priority from the priority rules, ranked by its date —
 * how many units of each line stock covers now, and when the rest would be
 * ready if the expected arrivals come. Pure; nothing is written.
 */
export function previewOrder(
  snapshot: PlanningSnapshot,
  order: SnapshotNewOrder,
  arrivals: ExpectedArrival[]
): OrderPreview {
  const preview: SnapshotBackorder = {
    id: `preview:${order.order_id}`,
    order_id: order.order_id,
    status: "backorder",
    priority: priorityFor(
      order,
      snapshot.priority_rules,
      snapshot.default_priority
    ),
    order_created_at: order.created_at,
    order_display_id: order.display_id,
    backordered_at: snapshot.now,
    sales_channel_id: order.sales_channel_id,
    divided_at: null,
    pendingprocess: null,
    pendingprocess_at: null,
    lines: order.lines.map((line) => ({
      ...line,
      id: `preview:${line.line_item_id}`,
      quantity_covered: 0,
      quantity_released: 0,
      quantity_fulfilled: 0,
    })),
  }
  const withPreview: PlanningSnapshot = {
    ...snapshot,
    waiting: [...snapshot.waiting, preview],
  }
  const planned = buildBackorderPlan(
    withPreview,
    {},
    {
      explain: false,
    }
  ).planned.find((p) => p.order_id === order.order_id)
  const covered = new Map(
    (planned?.lines ?? []).map((line) => [line.line_item_id, line.covered])
  )
  const estimate = estimateArrivals(withPreview, arrivals).find(
    (e) => e.backorder_id === preview.id
  )
  const lineDates = new Map(
    (estimate?.lines ?? []).map((l) => [l.line_item_id, l.estimated_at])
  )
  return {
    estimated_at: estimate?.estimated_at ?? null,
    reason: estimate?.reason ?? null,
    lines: order.lines.map((line) => {
      const ready = Math.min(line.quantity, covered.get(line.line_item_id) ?? 0)
      return {
        line_item_id: line.line_item_id,
        quantity: line.quantity,
        quantity_ready: ready,
        quantity_waiting: line.quantity - ready,
        estimated_at: lineDates.get(line.line_item_id) ?? null,
      }
    }),
  }
}

import type { MedusaContainer } from "@medusajs/framework/types"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import {
  estimateArrivals,
  previewOrder,
  type SnapshotOrderLine,
} from "../../../planner"
import type { StoreBackorder } from "../../../types"
import { loadEstimateInput } from "../../../workflows/backorder/engine"

const isWaiting = (status: string) =>
  (WAITING_STATUSES as string[]).includes(status)

/**
 * A customer's own backorders, newest order first, with estimated dates for
 * the waiting ones (from the expected arrivals, by the planner).
 */
export async function customerBackorders(
  container: MedusaContainer,
  customerId: string,
  page: { offset: number; limit: number }
): Promise<{ backorders: StoreBackorder[]; count: number }> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [rows, count] = await service.listAndCountBackorders(
    { customer_id: customerId },
    {
      relations: ["lines"],
      order: { order_created_at: "DESC", id: "DESC" },
      skip: page.offset,
      take: page.limit,
    }
  )
  const waitingIds = rows.filter((b) => isWaiting(b.status)).map((b) => b.id)
  const planRows = waitingIds.length
    ? await service.listBackordersForPlan(waitingIds)
    : []
  const itemIds = planRows.flatMap((b) =>
    b.lines.flatMap((l) => l.components.map((c) => c.inventory_item_id))
  )
  const estimates = new Map<
    string,
    ReturnType<typeof estimateArrivals>[number]
  >()
  if (itemIds.length) {
    const { snapshot, arrivals } = await loadEstimateInput(container, itemIds)
    for (const estimate of estimateArrivals(snapshot, arrivals)) {
      estimates.set(estimate.backorder_id, estimate)
    }
  }
  return {
    count,
    backorders: rows.map((backorder) => {
      const estimate = estimates.get(backorder.id)
      return toStoreBackorder(backorder, {
        estimated_at: estimate?.estimated_at ?? null,
        lines: new Map(
          (estimate?.lines ?? []).map((l) => [l.line_item_id, l.estimated_at])
        ),
      })
    }),
  }
}

/** A stored backorder as Query or the module returns it. */
export type StoredBackorderRow = {
  order_id: string
  order_display_id: number
  status: string
  estimated_at?: Date | string | null
  lines?:
    | ({
        line_item_id: string
        variant_id?: string | null
        title: string
        quantity: number | string
        quantity_covered: number | string
      } | null)[]
    | null
}

/**
 * The customer's view of a backorder: waiting / ready / canceled, per line
 * what is ready and what waits, and the dates (`estimate`: fresh from the
 * planner; the stored order date otherwise).
 */
export function toStoreBackorder(
  backorder: StoredBackorderRow,
  estimate?: { estimated_at: string | null; lines: Map<string, string | null> }
): StoreBackorder {
  const status = isWaiting(backorder.status)
    ? "waiting"
    : backorder.status === "pending"
      ? "ready"
      : "canceled"
  const orderDate =
    estimate?.estimated_at ??
    (backorder.estimated_at
      ? new Date(backorder.estimated_at).toISOString()
      : null)
  return {
    order_id: backorder.order_id,
    display_id: Number(backorder.order_display_id),
    status,
    estimated_at: status === "waiting" ? orderDate : null,
    lines: (backorder.lines ?? [])
      .filter((line): line is NonNullable<typeof line> => !!line)
      .map((line) => {
        const quantity = Number(line.quantity)
        const ready =
          status === "ready"
            ? quantity
            : status === "canceled"
              ? 0
              : Math.min(quantity, Number(line.quantity_covered))
        const waiting = status === "waiting" ? quantity - ready : 0
        return {
          line_item_id: line.line_item_id,
          variant_id: line.variant_id ?? null,
          title: line.title,
          quantity,
          quantity_ready: ready,
          quantity_waiting: waiting,
          estimated_at:
            waiting > 0
              ? estimate
                ? (estimate.lines.get(line.line_item_id) ?? null)
                : orderDate
              : null,
        }
      })
      .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1)),
  }
}

/** An order that would be placed now: after every stored order. */
export type PreviewInput = {
  key: string
  sales_channel_id: string | null
  customer_id?: string | null
  customer_group_ids?: string[]
  shipping_option_ids?: string[]
  lines: SnapshotOrderLine[]
}

/**
 * Previews orders placed now (carts, one unit of a variant) on one read of
 * the queue; with each, the units of its first line that stock at its
 * channel's locations holds free now (stocked − reserved, never negative).
 */
export async function previewOrders(
  container: MedusaContainer,
  orders: PreviewInput[]
) {
  const result = new Map<
    string,
    ReturnType<typeof previewOrder> & { free_units: number }
  >()
  const itemIds = orders.flatMap((o) =>
    o.lines.flatMap((l) => l.components.map((c) => c.inventory_item_id))
  )
  if (!itemIds.length) {
    return result
  }
  const { snapshot, arrivals } = await loadEstimateInput(
    container,
    itemIds,
    orders.map((o) => o.sales_channel_id).filter((id): id is string => !!id)
  )
  for (const order of orders) {
    const locations = new Set(
      snapshot.channel_locations[order.sales_channel_id ?? ""] ?? []
    )
    const freeOf = (itemId: string) =>
      snapshot.levels
        .filter(
          (l) =>
            l.inventory_item_id === itemId &&
            locations.has(l.location_id) &&
            !snapshot.network_location_ids.includes(l.location_id)
        )
        .reduce(
          (sum, l) =>
            sum + Math.max(0, l.stocked_quantity - l.reserved_quantity),
          0
        )
    const first = order.lines[0]
    result.set(order.key, {
      ...previewOrder(
        snapshot,
        {
          order_id: order.key,
          display_id: Number.MAX_SAFE_INTEGER,
          created_at: snapshot.now,
          sales_channel_id: order.sales_channel_id,
          customer_id: order.customer_id ?? null,
          email: null,
          customer_group_ids: order.customer_group_ids ?? [],
          shipping_option_ids: order.shipping_option_ids ?? [],
          lines: order.lines,
        },
        arrivals
      ),
      free_units: first
        ? Math.min(
            ...first.components.map((c) =>
              Math.floor(
                freeOf(c.inventory_item_id) / Math.max(1, c.required_quantity)
              )
            )
          )
        : 0,
    })
  }
  return result
}

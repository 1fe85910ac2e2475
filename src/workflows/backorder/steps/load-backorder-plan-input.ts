import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import { CHECKED_METADATA_KEY } from "../utils/build-backorder-plan"
import type {
  PlanningSnapshot,
  SnapshotBackorder,
  SnapshotNewOrder,
  SnapshotOrderLine,
} from "../utils/types"

export type LoadBackorderPlanInputInput = {
  /** The locked inventory items. */
  inventory_item_ids: string[]
  /** Orders to detect (new) or to check for cancellation. */
  order_ids?: string[]
}

export const loadBackorderPlanInputStepId = "load-backorder-plan-input"

const toIso = (value: Date | string): string => new Date(value).toISOString()

const isChecked = (metadata: unknown): boolean =>
  !!metadata &&
  (metadata as Record<string, unknown>)[CHECKED_METADATA_KEY] === true

type StoredBackorder = Awaited<
  ReturnType<BackorderModuleService["listBackorders"]>
>[number]

function toSnapshotBackorder(backorder: StoredBackorder): SnapshotBackorder {
  return {
    id: backorder.id,
    order_id: backorder.order_id,
    status: backorder.status,
    priority: backorder.priority,
    order_created_at: toIso(backorder.order_created_at),
    backordered_at: toIso(backorder.backordered_at),
    order_display_id: backorder.order_display_id,
    sales_channel_id: backorder.sales_channel_id ?? null,
    divided_at: backorder.divided_at ? toIso(backorder.divided_at) : null,
    pendingprocess: backorder.pendingprocess ?? null,
    pendingprocess_at: backorder.pendingprocess_at
      ? toIso(backorder.pendingprocess_at)
      : null,
    lines: (backorder.lines ?? [])
      .map((line) => ({
        id: line.id,
        line_item_id: line.line_item_id,
        variant_id: line.variant_id ?? null,
        sku: line.sku ?? null,
        title: line.title,
        quantity: line.quantity,
        quantity_covered: line.quantity_covered,
        quantity_released: line.quantity_released,
        quantity_fulfilled: 0,
        components: (line.components ?? []).map((c) => ({
          inventory_item_id: c.inventory_item_id,
          required_quantity: c.required_quantity,
        })),
      }))
      .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1)),
  }
}

const BACKORDER_RELATIONS = ["lines", "lines.components"]

/**
 * Rows of a Query graph call in the shape the caller reads. The cast keeps the
 * code compiling with and without the app's generated `.medusa/types`.
 */
async function graphRows<T>(
  query: { graph: (config: any) => Promise<{ data: unknown }> },
  config: { entity: string; fields: string[]; filters: Record<string, unknown> }
): Promise<T[]> {
  const { data } = await query.graph(config)
  return data as T[]
}

/** The fields of a placed order that detection reads. */
type PlacedOrderRow = {
  id: string
  status: string
  display_id: number
  created_at: string | Date
  sales_channel_id?: string | null
  customer_id?: string | null
  email?: string | null
  customer?: { groups?: { id: string }[] | null } | null
  shipping_methods?: { shipping_option_id?: string | null }[] | null
  items?:
    | {
        id: string
        title: string
        product_title?: string | null
        variant_title?: string | null
        variant_id?: string | null
        variant_sku?: string | null
        quantity: number | string
        detail?: { fulfilled_quantity?: number | string } | null
        variant?: {
          manage_inventory?: boolean
          inventory_items?:
            | {
                inventory_item_id: string
                required_quantity?: number | string
              }[]
            | null
        } | null
      }[]
    | null
}

/** The order's lines with managed inventory, as planning reads them. */
function managedLinesOf(order: PlacedOrderRow): SnapshotOrderLine[] {
  return (order.items ?? [])
    .filter(
      (item) =>
        item?.variant?.manage_inventory && item.variant.inventory_items?.length
    )
    .map((item) => ({
      line_item_id: item.id,
      variant_id: item.variant_id ?? null,
      sku: item.variant_sku ?? null,
      title: [item.product_title ?? item.title, item.variant_title]
        .filter((part, index, parts) => part && parts.indexOf(part) === index)
        .join(" — "),
      quantity: Number(item.quantity),
      quantity_fulfilled: Number(item.detail?.fulfilled_quantity ?? 0),
      components: item.variant!.inventory_items!.map((link) => ({
        inventory_item_id: link.inventory_item_id,
        required_quantity: Number(link.required_quantity ?? 1),
      })),
    }))
    .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1))
}

/**
 * Reads, under the inventory locks, everything one plan needs: stock levels of
 * the locked items, the waiting backorders that compete for them, the orders
 * being detected, their reservations and the locations of their sales
 * channels. Batched: a fixed number of queries whatever the queue length.
 * Read-only: nothing to compensate.
 */
export const loadBackorderPlanInputStep = createStep(
  loadBackorderPlanInputStepId,
  async (input: LoadBackorderPlanInputInput, { container }) => {
    const backorderService =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const inventory = container.resolve(Modules.INVENTORY)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const options = await backorderService.getSettings()
    const scope = [...input.inventory_item_ids].sort()
    const orderIds = [...new Set(input.order_ids ?? [])]

    const waitingIds =
      await backorderService.listWaitingBackorderIdsByInventoryItem(scope)
    const [waitingRecords, namedRecords] = await Promise.all([
      waitingIds.length
        ? backorderService.listBackorders(
            { id: waitingIds, status: WAITING_STATUSES },
            { relations: BACKORDER_RELATIONS }
          )
        : Promise.resolve([]),
      orderIds.length
        ? backorderService.listBackorders(
            { order_id: orderIds },
            { relations: BACKORDER_RELATIONS }
          )
        : Promise.resolve([]),
    ])
    const waiting = waitingRecords.map(toSnapshotBackorder)
    const named = namedRecords.map(toSnapshotBackorder)
    const known = new Set([...waiting, ...named].map((b) => b.order_id))

    // Checkout reservations the plugin has not looked at yet belong to orders
    // to detect now, even if their order.placed has not been handled (or was
    // lost): otherwise their over-reservation would look like missing stock.
    const unchecked = scope.length
      ? (
          await inventory.listReservationItems(
            { inventory_item_id: scope },
            { select: ["id", "line_item_id", "allow_backorder", "metadata"] }
          )
        ).filter(
          (r) => r.allow_backorder && r.line_item_id && !isChecked(r.metadata)
        )
      : []
    const knownLines = new Set(
      [...waiting, ...named].flatMap((b) => b.lines.map((l) => l.line_item_id))
    )
    const uncheckedLineIds = [
      ...new Set(
        unchecked
          .map((r) => r.line_item_id!)
          .filter((id) => !knownLines.has(id))
      ),
    ]
    const uncheckedOrderIds = uncheckedLineIds.length
      ? (
          await graphRows<{ order_id: string }>(query, {
            entity: "order_item",
            fields: ["order_id", "item_id"],
            filters: { item_id: uncheckedLineIds },
          })
        ).map((row) => row.order_id)
      : []

    const candidateIds = [
      ...new Set([...orderIds, ...uncheckedOrderIds]),
    ].filter((id) => !known.has(id))
    // Waiting backorders of the named orders are synced with their order
    // (an edit may have changed its items); lines with released units need
    // their fulfilled quantity.
    const waitingOrderIds = new Set(waiting.map((b) => b.order_id))
    const syncIds = orderIds.filter((id) => waitingOrderIds.has(id))
    const fulfilledIds = waiting
      .filter((b) => b.lines.some((l) => l.quantity_released > 0))
      .map((b) => b.order_id)
    const orderRowIds = [
      ...new Set([...candidateIds, ...syncIds, ...fulfilledIds]),
    ]
    const orders: PlacedOrderRow[] = orderRowIds.length
      ? await graphRows<PlacedOrderRow>(query, {
          entity: "order",
          fields: [
            "id",
            "status",
            "display_id",
            "created_at",
            "sales_channel_id",
            "customer_id",
            "email",
            "items.*",
            "items.variant.manage_inventory",
            "items.variant.inventory_items.inventory_item_id",
            "items.variant.inventory_items.required_quantity",
            "customer.groups.id",
            "shipping_methods.shipping_option_id",
          ],
          filters: { id: orderRowIds },
        })
      : []
    const orderById = new Map(orders.map((order) => [order.id, order]))
    const candidates = new Set(candidateIds)

    const new_orders: SnapshotNewOrder[] = orders
      .filter((order) => candidates.has(order.id))
      // Only orders still waiting to be fulfilled are detected (a replayed
      // order.placed for a shipped or canceled order changes nothing).
      .filter((order) => order.status === "pending")
      .filter(
        (order) =>
          !(order.items ?? []).some(
            (item) => Number(item?.detail?.fulfilled_quantity ?? 0) > 0
          )
      )
      .map((order) => ({
        order_id: order.id,
        display_id: Number(order.display_id),
        created_at: toIso(order.created_at as Date),
        sales_channel_id: order.sales_channel_id ?? null,
        customer_id: order.customer_id ?? null,
        email: order.email ?? null,
        customer_group_ids: (order.customer?.groups ?? []).map((g) => g!.id),
        shipping_option_ids: (order.shipping_methods ?? [])
          .map((m) => m?.shipping_option_id)
          .filter((id): id is string => !!id),
        lines: managedLinesOf(order),
      }))
      .filter((order) => order.lines.length > 0)

    for (const backorder of waiting) {
      const order = orderById.get(backorder.order_id)
      if (!order) {
        continue
      }
      const lines = managedLinesOf(order)
      const fulfilled = new Map(
        lines.map((l) => [l.line_item_id, l.quantity_fulfilled])
      )
      backorder.lines = backorder.lines.map((line) => ({
        ...line,
        quantity_fulfilled: fulfilled.get(line.line_item_id) ?? 0,
      }))
      if (syncIds.includes(backorder.order_id)) {
        backorder.order_lines = lines
      }
    }

    const storedOrderIds = [
      ...new Set([...waiting, ...named].map((b) => b.order_id)),
    ]
    const channelIds = [
      ...new Set(
        [...waiting, ...named, ...new_orders]
          .map((b) => b.sales_channel_id)
          .filter((id): id is string => !!id)
      ),
    ]
    const lineItemIds = [
      ...new Set([
        ...waiting.flatMap((b) => b.lines.map((l) => l.line_item_id)),
        ...waiting.flatMap((b) =>
          (b.order_lines ?? []).map((l) => l.line_item_id)
        ),
        ...named.flatMap((b) => b.lines.map((l) => l.line_item_id)),
        ...new_orders.flatMap((o) => o.lines.map((l) => l.line_item_id)),
      ]),
    ]

    const [statusRows, channelRows, levels, reservations, items] =
      await Promise.all([
        storedOrderIds.length
          ? graphRows<{ id: string; status: string }>(query, {
              entity: "order",
              fields: ["id", "status"],
              filters: { id: storedOrderIds },
            })
          : Promise.resolve([]),
        channelIds.length
          ? graphRows<{
              id: string
              stock_locations?: ({ id: string } | null)[] | null
            }>(query, {
              entity: "sales_channel",
              fields: ["id", "stock_locations.id"],
              filters: { id: channelIds },
            })
          : Promise.resolve([]),
        scope.length
          ? inventory.listInventoryLevels(
              { inventory_item_id: scope },
              {
                select: [
                  "inventory_item_id",
                  "location_id",
                  "stocked_quantity",
                  "reserved_quantity",
                ],
              }
            )
          : Promise.resolve([]),
        lineItemIds.length
          ? inventory.listReservationItems(
              { line_item_id: lineItemIds },
              {
                select: [
                  "id",
                  "line_item_id",
                  "inventory_item_id",
                  "location_id",
                  "quantity",
                ],
              }
            )
          : Promise.resolve([]),
        scope.length
          ? inventory.listInventoryItems(
              { id: scope },
              { select: ["id", "sku", "title"] }
            )
          : Promise.resolve([]),
      ])

    const snapshot: PlanningSnapshot = {
      now: new Date().toISOString(),
      policy: options.allocation_policy,
      location_priority: options.location_priority,
      network_location_ids: options.network_location_ids,
      priority_rules: options.priority_rules,
      default_priority: options.default_priority,
      scope,
      levels: levels.map((level) => ({
        inventory_item_id: level.inventory_item_id,
        location_id: level.location_id,
        stocked_quantity: Number(level.stocked_quantity),
        reserved_quantity: Number(level.reserved_quantity),
      })),
      reservations: reservations
        .filter((r) => !!r.line_item_id)
        .map((r) => ({
          id: r.id,
          line_item_id: r.line_item_id!,
          inventory_item_id: r.inventory_item_id,
          location_id: r.location_id,
          quantity: Number(r.quantity),
          metadata: (r.metadata as Record<string, unknown> | null) ?? null,
        })),
      waiting,
      named,
      new_orders,
      canceled_order_ids: statusRows
        .filter((order) => order.status === "canceled")
        .map((order) => order.id),
      channel_locations: Object.fromEntries(
        channelRows.map((channel) => [
          channel.id,
          (channel.stock_locations ?? [])
            .filter((location): location is { id: string } => !!location)
            .map((location) => location.id)
            .sort(),
        ])
      ),
      item_labels: Object.fromEntries(
        items.map((item) => [item.id, item.sku ?? item.title ?? item.id])
      ),
    }
    return new StepResponse(snapshot)
  }
)

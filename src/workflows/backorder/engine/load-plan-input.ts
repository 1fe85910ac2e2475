import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type {
  FilterableReservationItemProps,
  MedusaContainer,
} from "@medusajs/framework/types"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import {
  type PlanningSnapshot,
  type PriorityRule,
  type SnapshotBackorder,
  type SnapshotNewOrder,
  type SnapshotOrderLine,
} from "../../../planner"
import type { PlanBackorderRow } from "../../../types/backorder"
import { readQueueHeads } from "./queue-heads"
import { isCheckedReservation, UNCHECKED_RESERVATIONS } from "./reservations"
import { isDetectable } from "./detectable"
import { listChannelLocations } from "./channel-locations"
import {
  lineComponents,
  lineFields,
} from "../../../modules/backorder/line-fields"

export type LoadBackorderPlanInputInput = {
  /** The locked inventory items. */
  inventory_item_ids: string[]
  /** Orders to detect (new) or to check for cancellation. */
  order_ids?: string[]
  /**
   * Read each item's queue only as far as the plan can change it (DESIGN D9):
   * the lines holding units, the named and new orders, and the head of each
   * queue in rank order until the free stock is handed out. The whole queue
   * otherwise (recheck, the sweep's verification, explanations).
   */
  bounded?: boolean
  /** First page of a bounded queue read (doubles each round). */
  page_size?: number
  /**
   * Bounded only: once this many entries of an item's queue are read with
   * its stock still left, the plan ends at that rank for every item of the
   * scope (see `readQueueHeads`); the snapshot's `cutoffs` then name them,
   * and the release goes on in another plan.
   */
  slice?: number
}

const chunked = <T>(items: T[], size = 1000): T[][] => {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size))
  }
  return chunks
}

const toIso = (value: Date | string): string => new Date(value).toISOString()

function toSnapshotBackorder(backorder: PlanBackorderRow): SnapshotBackorder {
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
    lines: backorder.lines
      .map((line) => ({
        id: line.id,
        ...lineFields(line),
        quantity_fulfilled: 0,
        components: lineComponents(line).sort((a, b) =>
          a.inventory_item_id < b.inventory_item_id ? -1 : 1
        ),
      }))
      .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1)),
  }
}

/**
 * Rows of a Query graph call in the shape the caller reads. The cast keeps the
 * code compiling with and without the app's generated `.medusa/types`.
 */
export async function graphRows<T>(
  query: { graph: (config: any) => Promise<{ data: unknown }> },
  config: { entity: string; fields: string[]; filters: Record<string, unknown> }
): Promise<T[]> {
  const { data } = await query.graph(config)
  return data as T[]
}

/** The fields of a placed order that detection reads. */
export type PlacedOrderRow = {
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

/** The fields of an order that planning reads. */
const ORDER_FIELDS = [
  "id",
  "status",
  "display_id",
  "created_at",
  "sales_channel_id",
  "customer_id",
  "email",
  "items.*",
  "items.detail.fulfilled_quantity",
  "items.variant.manage_inventory",
  "items.variant.inventory_items.inventory_item_id",
  "items.variant.inventory_items.required_quantity",
]

/**
 * The fields of an order that planning reads under these priority rules:
 * its customer's groups (a read of the customer module) and its shipping
 * options only when a rule looks at them — they rank a new order and
 * nothing else.
 */
export const orderFieldsFor = (rules: PriorityRule[]): string[] => [
  ...ORDER_FIELDS,
  ...(rules.some((rule) => rule.customer_group_ids?.length)
    ? ["customer.groups.id"]
    : []),
  ...(rules.some((rule) => rule.shipping_option_ids?.length)
    ? ["shipping_methods.shipping_option_id"]
    : []),
]

function toNewOrder(order: PlacedOrderRow): SnapshotNewOrder {
  return {
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
  }
}

/** The order's lines with managed inventory, as planning reads them. */
export function managedLinesOf(order: PlacedOrderRow): SnapshotOrderLine[] {
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
 * channels. Read-only.
 *
 * Bounded (the change queue's plans): the waiting backorders are those whose
 * lines hold units of the items (a plan gives them back and hands them on in
 * rank order), those of the named and detected orders, and the head of each
 * item's queue, read in rank order from the queue index and extended (pages
 * doubling) until the planner, run on what is read, has handed out every
 * unit the rest of the queue could get — or the queue ends. Everything after
 * the head would get nothing and holds nothing, so the plan equals the plan
 * of the whole queue (the property tests check it) while reading a few pages.
 */
export async function loadBackorderPlanInput(
  container: MedusaContainer,
  input: LoadBackorderPlanInputInput
): Promise<PlanningSnapshot> {
  const backorderService =
    container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const inventory = container.resolve(Modules.INVENTORY)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const options = await backorderService.getSettings()
  const orderFields = orderFieldsFor(options.priority_rules)
  const scope = [...input.inventory_item_ids].sort()
  const orderIds = [...new Set(input.order_ids ?? [])]

  // Stored backorders of the named orders, whatever their status.
  const named = orderIds.length
    ? (
        await backorderService.listBackordersForPlan(
          (
            await backorderService.listBackorders(
              { order_id: orderIds },
              { select: ["id"] }
            )
          ).map((b) => b.id)
        )
      ).map(toSnapshotBackorder)
    : []

  // Released backorders of named orders whose order grew since (an edit, a
  // claim or an exchange added units): planned again as waiting, keeping
  // what they released (DESIGN D11).
  const orderRows = new Map<string, PlacedOrderRow>()
  const reopened = new Set<string>()
  const released = named.filter((b) => b.status === "pending")
  for (const ids of chunked(
    [...new Set(released.map((b) => b.order_id))],
    200
  )) {
    ;(
      await graphRows<PlacedOrderRow>(query, {
        entity: "order",
        fields: orderFields,
        filters: { id: ids },
      })
    ).forEach((order) => orderRows.set(order.id, order))
  }
  for (const backorder of released) {
    const order = orderRows.get(backorder.order_id)
    if (!order || !isDetectable(order)) {
      continue
    }
    const stored = new Map(
      backorder.lines.map((line) => [line.line_item_id, line.quantity])
    )
    if (
      managedLinesOf(order).some(
        (line) => line.quantity > (stored.get(line.line_item_id) ?? 0)
      )
    ) {
      reopened.add(backorder.id)
    }
  }

  // Checkout reservations the plugin has not looked at yet belong to orders
  // to detect now, even if their order.placed has not been handled (or was
  // lost): otherwise their over-reservation would look like missing stock.
  const uncheckedLines = new Set<string>()
  for (const ids of chunked(scope)) {
    const rows = await inventory.listReservationItems(
      // Columns of every reservation, filterable though the filter type omits them.
      {
        inventory_item_id: ids,
        allow_backorder: true,
        ...UNCHECKED_RESERVATIONS,
      } as FilterableReservationItemProps,
      { select: ["id", "line_item_id", "metadata"] }
    )
    rows
      .filter((r) => r.line_item_id && !isCheckedReservation(r.metadata))
      .forEach((r) => uncheckedLines.add(r.line_item_id!))
  }
  // Lines a backorder already has: their backorder is planned (an edit may
  // have added a reservation), not detected again.
  const storedLines = uncheckedLines.size
    ? await backorderService.listBackorderLines(
        { line_item_id: [...uncheckedLines] },
        { select: ["line_item_id", "backorder_id"] }
      )
    : []
  const knownLines = new Set(storedLines.map((l) => l.line_item_id))
  const extraWaiting = new Set(storedLines.map((l) => l.backorder_id))
  const uncheckedLineIds = [...uncheckedLines].filter(
    (id) => !knownLines.has(id)
  )
  const uncheckedOrderIds: string[] = []
  for (const ids of chunked(uncheckedLineIds)) {
    uncheckedOrderIds.push(
      ...(
        await graphRows<{ order_id: string }>(query, {
          entity: "order_item",
          fields: ["order_id", "item_id"],
          filters: { item_id: ids },
        })
      ).map((row) => row.order_id)
    )
  }
  const withBackorder = async (ids: string[]) =>
    new Set(
      ids.length
        ? (
            await backorderService.listBackorders(
              { order_id: ids },
              { select: ["order_id"] }
            )
          ).map((b) => b.order_id)
        : []
    )
  const namedOrders = new Set(named.map((b) => b.order_id))
  const askedFor = new Set(orderIds)
  // The named orders were read above: those without a backorder have none.
  const uncheckedStored = await withBackorder(
    uncheckedOrderIds.filter((id) => !namedOrders.has(id) && !askedFor.has(id))
  )
  const candidateIds = [...new Set([...orderIds, ...uncheckedOrderIds])].filter(
    (id) => !namedOrders.has(id) && !uncheckedStored.has(id)
  )
  const candidateOrders: PlacedOrderRow[] = []
  for (const ids of chunked(candidateIds, 200)) {
    candidateOrders.push(
      ...(await graphRows<PlacedOrderRow>(query, {
        entity: "order",
        fields: orderFields,
        filters: { id: ids },
      }))
    )
  }
  // Orders canceled before the plugin made backorders of them: anything
  // their lines still hold was written while Medusa canceled them.
  const canceledLines = candidateOrders
    .filter((order) => order.status === "canceled")
    .flatMap((order) => (order.items ?? []).map((item) => item.id))
  const new_orders: SnapshotNewOrder[] = candidateOrders
    .filter(isDetectable)
    .map(toNewOrder)
    .filter((order) => order.lines.length > 0)

  // An order is ranked by when it was created, but a plan only sees it once
  // its checkout reservation exists, a moment later (the reservation may wait
  // for the lock a plan holds). Orders created after it that a plan found
  // fully in stock in that moment took units it outranks them for: they are
  // planned again with it (and become backorders if it needs their units).
  const lateLines = new Set(uncheckedLineIds)
  const lateSince = Math.min(
    ...new_orders
      .filter((o) => o.lines.some((l) => lateLines.has(l.line_item_id)))
      .map((o) => Date.parse(o.created_at))
  )
  if (Number.isFinite(lateSince) && scope.length) {
    const recentLines = [
      ...new Set(
        (
          await inventory.listReservationItems(
            // A column of every reservation, filterable though the filter type omits it.
            {
              inventory_item_id: scope,
              created_at: { $gte: new Date(lateSince) },
            } as FilterableReservationItemProps,
            { select: ["id", "line_item_id", "metadata"] }
          )
        )
          .filter((r) => r.line_item_id && isCheckedReservation(r.metadata))
          .map((r) => r.line_item_id!)
      ),
    ]
    const detected = new Set(new_orders.map((o) => o.order_id))
    const recentOrderIds = recentLines.length
      ? [
          ...new Set(
            (
              await graphRows<{ order_id: string }>(query, {
                entity: "order_item",
                fields: ["order_id", "item_id"],
                filters: { item_id: recentLines },
              })
            ).map((row) => row.order_id)
          ),
        ].filter((id) => !detected.has(id) && !namedOrders.has(id))
      : []
    const stored = await withBackorder(recentOrderIds)
    const settledIds = recentOrderIds.filter((id) => !stored.has(id))
    if (settledIds.length) {
      const settled = await graphRows<PlacedOrderRow>(query, {
        entity: "order",
        fields: orderFields,
        filters: { id: settledIds },
      })
      new_orders.push(
        ...settled
          .filter(isDetectable)
          .filter((order) => Date.parse(toIso(order.created_at)) > lateSince)
          .map(toNewOrder)
          .filter((order) => order.lines.length > 0)
      )
    }
  }

  const [levelRows, items] = scope.length
    ? await Promise.all([
        inventory.listInventoryLevels(
          { inventory_item_id: scope },
          {
            select: [
              "inventory_item_id",
              "location_id",
              "stocked_quantity",
              "reserved_quantity",
            ],
          }
        ),
        inventory.listInventoryItems(
          { id: scope },
          { select: ["id", "sku", "title"] }
        ),
      ])
    : [[], []]
  const levels = levelRows.map((level) => ({
    inventory_item_id: level.inventory_item_id,
    location_id: level.location_id,
    stocked_quantity: Number(level.stocked_quantity),
    reserved_quantity: Number(level.reserved_quantity),
  }))

  const converted = new Map<string, SnapshotBackorder>()
  const channelLocations = new Map<string, string[]>()
  const reservationsByLine = new Map<string, PlanningSnapshot["reservations"]>()
  // Orders whose status was read, and those of them Medusa has canceled.
  const statusRead = new Set<string>()
  const canceledOrders = new Set<string>()

  /**
   * The snapshot for a set of waiting backorders: what they and the named
   * and new orders hold, their orders' current state, their channels'
   * locations. Fetches only what earlier rounds did not.
   */
  const assemble = async (
    waitingRows: PlanBackorderRow[]
  ): Promise<PlanningSnapshot> => {
    const waiting = waitingRows
      .filter(
        (b) =>
          (WAITING_STATUSES as string[]).includes(b.status) ||
          reopened.has(b.id)
      )
      .map((row) => {
        // Converted once: bounded reads assemble several times.
        const cached = converted.get(row.id) ?? toSnapshotBackorder(row)
        converted.set(row.id, cached)
        return cached
      })
    // Waiting backorders of the named orders are synced with their order
    // (an edit may have changed its items); lines with released units need
    // their fulfilled quantity.
    const syncIds = new Set(
      orderIds.filter((id) => waiting.some((b) => b.order_id === id))
    )
    const needOrders = [
      ...new Set(
        waiting
          .filter(
            (b) =>
              syncIds.has(b.order_id) ||
              b.lines.some((l) => l.quantity_released > 0)
          )
          .map((b) => b.order_id)
      ),
    ].filter((id) => !orderRows.has(id))
    for (const ids of chunked(needOrders, 200)) {
      ;(
        await graphRows<PlacedOrderRow>(query, {
          entity: "order",
          fields: orderFields,
          filters: { id: ids },
        })
      ).forEach((order) => orderRows.set(order.id, order))
    }
    for (const backorder of waiting) {
      const order = orderRows.get(backorder.order_id)
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
      if (syncIds.has(backorder.order_id)) {
        backorder.order_lines = lines
      }
    }

    // Canceled orders: every waiting order the plan read, and the named
    // ones. A bounded plan reads few, and none of them may take stock for an
    // order Medusa canceled without the plugin hearing of it (a lost
    // order.canceled): that stock would stay reserved for nobody.
    const storedOrderIds = [
      ...new Set([...waiting, ...named].map((b) => b.order_id)),
    ].filter((id) => !statusRead.has(id))
    for (const ids of chunked(storedOrderIds)) {
      // Only the canceled ones come back: usually none, so a slice of a
      // thousand orders costs one indexed read, not a thousand order rows
      // through the order module.
      ;(
        await graphRows<{ id: string }>(query, {
          entity: "order",
          fields: ["id"],
          filters: { id: ids, status: "canceled" },
        })
      ).forEach((order) => canceledOrders.add(order.id))
      ids.forEach((id) => statusRead.add(id))
    }
    const channelIds = [
      ...new Set(
        [...waiting, ...named, ...new_orders]
          .map((b) => b.sales_channel_id)
          .filter((id): id is string => !!id && !channelLocations.has(id))
      ),
    ]
    ;(await listChannelLocations(container, channelIds)).forEach(
      (locations, id) => channelLocations.set(id, locations)
    )
    // A stored waiting line holds exactly what it covers (the plugin's
    // invariant), so a bounded plan skips the reservation lookup of lines
    // that cover nothing; whole-queue plans (recheck, recovery rows, the
    // sweep's lost order events) read them all.
    const holdsAny = (l: {
      quantity_covered: number
      quantity_released: number
    }) => !input.bounded || l.quantity_covered > 0 || l.quantity_released > 0
    const lineItemIds = [
      ...new Set([
        ...waiting.flatMap((b) =>
          b.lines.filter(holdsAny).map((l) => l.line_item_id)
        ),
        ...waiting.flatMap((b) =>
          (b.order_lines ?? []).map((l) => l.line_item_id)
        ),
        ...named.flatMap((b) => b.lines.map((l) => l.line_item_id)),
        ...new_orders.flatMap((o) => o.lines.map((l) => l.line_item_id)),
        ...canceledLines,
      ]),
    ].filter((id) => !reservationsByLine.has(id))
    for (const ids of chunked(lineItemIds)) {
      ids.forEach((id) => reservationsByLine.set(id, []))
      const rows = await inventory.listReservationItems(
        { line_item_id: ids },
        {
          select: [
            "id",
            "line_item_id",
            "inventory_item_id",
            "location_id",
            "quantity",
            "metadata",
          ],
        }
      )
      for (const r of rows) {
        reservationsByLine.get(r.line_item_id!)?.push({
          id: r.id,
          line_item_id: r.line_item_id!,
          inventory_item_id: r.inventory_item_id,
          location_id: r.location_id,
          quantity: Number(r.quantity),
          metadata: (r.metadata as Record<string, unknown> | null) ?? null,
        })
      }
    }
    const lines = new Set([
      ...waiting.flatMap((b) => [
        ...b.lines.map((l) => l.line_item_id),
        ...(b.order_lines ?? []).map((l) => l.line_item_id),
      ]),
      ...named.flatMap((b) => b.lines.map((l) => l.line_item_id)),
      ...new_orders.flatMap((o) => o.lines.map((l) => l.line_item_id)),
      ...canceledLines,
    ])
    const canceledOrderIds = [
      ...new Set([...waiting, ...named].map((b) => b.order_id)),
    ].filter((id) => canceledOrders.has(id))
    return {
      now: new Date().toISOString(),
      policy: options.allocation_policy,
      location_priority: options.location_priority,
      network_location_ids: options.network_location_ids,
      priority_rules: options.priority_rules,
      default_priority: options.default_priority,
      scope,
      levels,
      reservations: [...lines].flatMap(
        (id) => reservationsByLine.get(id) ?? []
      ),
      waiting,
      named,
      new_orders,
      canceled_order_ids: canceledOrderIds,
      canceled_line_item_ids: [
        ...canceledLines,
        // Lines of backorders canceled by an earlier plan.
        ...named
          .filter((b) => canceledOrderIds.includes(b.order_id))
          .flatMap((b) => b.lines.map((l) => l.line_item_id)),
      ],
      channel_locations: Object.fromEntries(
        [...channelLocations.entries()].filter(([id]) =>
          [...waiting, ...named, ...new_orders].some(
            (b) => b.sales_channel_id === id
          )
        )
      ),
      item_labels: Object.fromEntries(
        items.map((item) => [item.id, item.sku ?? item.title ?? item.id])
      ),
    }
  }

  if (!input.bounded) {
    const all =
      await backorderService.listWaitingBackorderIdsByInventoryItem(scope)
    return assemble(
      await backorderService.listBackordersForPlan([
        ...new Set([...all, ...extraWaiting, ...named.map((b) => b.id)]),
      ])
    )
  }

  // Bounded: the named, touched and network-flagged backorders, then the
  // holders a plan could take units from, then queue heads.
  const loaded = new Map<string, PlanBackorderRow>()
  const load = async (ids: string[]) => {
    const missing = [...new Set(ids)].filter((id) => !loaded.has(id))
    for (const row of await backorderService.listBackordersForPlan(missing)) {
      loaded.set(row.id, row)
    }
  }
  await load([
    ...(await backorderService.listNetworkFlaggedIds(scope)),
    ...extraWaiting,
    ...named.map((b) => b.id),
  ])
  return readQueueHeads(
    scope,
    {
      page: (itemId, after, limit) =>
        backorderService.listQueuePage(itemId, after, limit),
      first: async (itemId) =>
        (await backorderService.listQueuePage(itemId, null, 1))[0] ?? null,
      holders: (itemId, after) => backorderService.listHolderIds(itemId, after),
      load,
      snapshot: () => assemble([...loaded.values()]),
    },
    { page_size: input.page_size, slice: input.slice }
  )
}

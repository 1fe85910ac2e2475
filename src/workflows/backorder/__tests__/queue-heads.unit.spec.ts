import fc from "fast-check"
import {
  type BackorderPlan,
  buildBackorderPlan,
  handsOutStock,
  CHECKED_METADATA_KEY,
  compareRank,
  type PlanningSnapshot,
  type SnapshotBackorder,
  type SnapshotOrderLine,
  type SnapshotReservation,
} from "../../../planner"
import type { QueueCursor, QueueEntry } from "../../../types/backorder"
import { readQueueHeads } from "../engine/queue-heads"

/**
 * The bounded plan (queue heads read from the per-item index) must equal the
 * plan of the whole queue, on random histories: orders, restocks, cancels,
 * priority changes, kits, two locations and a network location, both
 * policies. The world is simulated in memory; after each step the full plan
 * is applied, as the engine would write it.
 */

const ITEMS = ["item_a", "item_b"]
const OWN = ["loc_1", "loc_2"]
const NETWORK = "loc_net"
const CHANNELS: Record<string, string[]> = {
  sc_both: [...OWN, NETWORK],
  sc_one: ["loc_1", NETWORK],
}

type Order = {
  id: string
  display_id: number
  created_at: string
  status: "pending" | "canceled"
  sales_channel_id: string
  lines: SnapshotOrderLine[]
}

type World = {
  now: number
  stocked: Map<string, number>
  reservations: Map<string, SnapshotReservation>
  orders: Map<string, Order>
  backorders: Map<string, SnapshotBackorder>
  seq: number
}

const cell = (item: string, location: string) => `${item}|${location}`

function newWorld(): World {
  return {
    now: Date.UTC(2026, 0, 1),
    stocked: new Map(),
    reservations: new Map(),
    orders: new Map(),
    backorders: new Map(),
    seq: 0,
  }
}

type Step =
  | {
      kind: "order"
      kit: boolean
      quantity: number
      channel: string
      item: number
    }
  | { kind: "restock"; item: number; location: number; delta: number }
  | { kind: "cancel"; pick: number }
  | { kind: "priority"; pick: number; priority: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("order" as const),
      kit: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 4 }),
      channel: fc.constantFrom(...Object.keys(CHANNELS)),
      item: fc.integer({ min: 0, max: 1 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("restock" as const),
      item: fc.integer({ min: 0, max: 1 }),
      location: fc.integer({ min: 0, max: 2 }),
      delta: fc.integer({ min: -3, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("cancel" as const),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("priority" as const),
      pick: fc.nat(),
      priority: fc.integer({ min: 0, max: 3 }),
    }),
  }
)

const WAITING = ["backorder", "network_backorder"]
const isWaiting = (b: SnapshotBackorder) => WAITING.includes(b.status)
const locationsOf = [...OWN, NETWORK]

function snapshotOf(
  world: World,
  policy: "fill" | "complete",
  namedOrders: string[],
  waiting: SnapshotBackorder[],
  scope: string[] = ITEMS
): PlanningSnapshot {
  const named = [...world.backorders.values()].filter((b) =>
    namedOrders.includes(b.order_id)
  )
  const stored = new Set([...world.backorders.values()].map((b) => b.order_id))
  const unchecked = new Set(
    [...world.reservations.values()]
      .filter((r) => r.metadata?.[CHECKED_METADATA_KEY] !== true)
      .map((r) => r.line_item_id)
  )
  const newOrders = [...world.orders.values()].filter(
    (o) =>
      o.status === "pending" &&
      !stored.has(o.id) &&
      (namedOrders.includes(o.id) ||
        o.lines.some((l) => unchecked.has(l.line_item_id)))
  )
  // Medusa deletes a canceled order's reservations; this world leaves them,
  // as a plan that covered the order while it was being canceled would.
  const canceledLines = namedOrders
    .map((id) => world.orders.get(id))
    .filter((o) => o?.status === "canceled")
    .flatMap((o) => o!.lines.map((l) => l.line_item_id))
  const lines = new Set([
    ...[...waiting, ...named].flatMap((b) =>
      b.lines.map((l) => l.line_item_id)
    ),
    ...newOrders.flatMap((o) => o.lines.map((l) => l.line_item_id)),
    ...canceledLines,
  ])
  const reserved = new Map<string, number>()
  for (const r of world.reservations.values()) {
    const key = cell(r.inventory_item_id, r.location_id)
    reserved.set(key, (reserved.get(key) ?? 0) + r.quantity)
  }
  const dedup = new Map(
    [...waiting, ...named].map((b) => [b.id, structuredClone(b)])
  )
  const orderOf = (id: string) => world.orders.get(id)!
  return {
    now: new Date(world.now).toISOString(),
    policy,
    location_priority: [],
    network_location_ids: [NETWORK],
    priority_rules: [],
    default_priority: 0,
    scope,
    levels: ITEMS.flatMap((item) =>
      locationsOf.map((location) => ({
        inventory_item_id: item,
        location_id: location,
        stocked_quantity: world.stocked.get(cell(item, location)) ?? 0,
        reserved_quantity: reserved.get(cell(item, location)) ?? 0,
      }))
    ),
    reservations: [...world.reservations.values()]
      .filter((r) => lines.has(r.line_item_id))
      .map((r) => structuredClone(r)),
    waiting: [...dedup.values()].filter(isWaiting),
    named: [...dedup.values()].filter((b) => namedOrders.includes(b.order_id)),
    new_orders: newOrders.map((o) => ({
      order_id: o.id,
      display_id: o.display_id,
      created_at: o.created_at,
      sales_channel_id: o.sales_channel_id,
      customer_id: null,
      email: null,
      customer_group_ids: [],
      shipping_option_ids: [],
      lines: structuredClone(o.lines),
    })),
    canceled_order_ids: [...dedup.values()]
      .map((b) => b.order_id)
      .filter((id) => orderOf(id).status === "canceled"),
    canceled_line_item_ids: canceledLines,
    channel_locations: CHANNELS,
    item_labels: { item_a: "A", item_b: "B" },
  }
}

const rank = (b: SnapshotBackorder) => ({
  priority: b.priority,
  created_at: Date.parse(b.order_created_at),
  display_id: b.order_display_id,
  key: b.order_id,
})

async function boundedSnapshot(
  world: World,
  policy: "fill" | "complete",
  namedOrders: string[],
  pageSize: number,
  { scope = ITEMS, slice }: { scope?: string[]; slice?: number } = {}
): Promise<{ snapshot: PlanningSnapshot; read: number }> {
  const all = [...world.backorders.values()].filter(isWaiting)
  // As the module's indexes: flagged ones (preloaded), the holders of an
  // item, and its queue of lines still short of it, in rank order.
  const flagged = all.filter((b) => b.status === "network_backorder")
  const loaded = new Map(
    [...flagged, ...all.filter((b) => namedOrders.includes(b.order_id))].map(
      (b) => [b.id, b]
    )
  )
  const onItem = (l: SnapshotBackorder["lines"][number], item: string) =>
    l.components.some((c) => c.inventory_item_id === item)
  const after = (b: SnapshotBackorder, cursor: QueueCursor | null) =>
    !cursor ||
    compareRank(rank(b), {
      priority: cursor.priority,
      created_at: Date.parse(cursor.order_created_at),
      display_id: cursor.order_display_id,
      key: cursor.order_id,
    }) > 0
  /** The item's queue: waiting lines still short of it, in rank order. */
  const queueOf = (item: string): QueueEntry[] =>
    all
      .filter((b) =>
        b.lines.some((l) => onItem(l, item) && l.quantity_covered < l.quantity)
      )
      .sort((a, b) => compareRank(rank(a), rank(b)))
      .map((b) => ({
        backorder_id: b.id,
        order_id: b.order_id,
        priority: b.priority,
        order_created_at: b.order_created_at,
        order_display_id: b.order_display_id,
      }))
  let read = 0
  const snapshot = await readQueueHeads(
    scope,
    {
      first: async (item) => queueOf(item)[0] ?? null,
      page: async (item, after: QueueCursor | null, limit) => {
        const entries = queueOf(item)
        const from = after
          ? entries.findIndex(
              (e) =>
                compareRank(
                  {
                    priority: e.priority,
                    created_at: Date.parse(e.order_created_at),
                    display_id: e.order_display_id,
                    key: e.order_id,
                  },
                  {
                    priority: after.priority,
                    created_at: Date.parse(after.order_created_at),
                    display_id: after.order_display_id,
                    key: after.order_id,
                  }
                ) > 0
            )
          : 0
        const page = from < 0 ? [] : entries.slice(from, from + limit)
        read += page.length
        return page
      },
      holders: async (item, cursor) =>
        all
          .filter(
            (b) =>
              b.lines.some(
                (l) =>
                  onItem(l, item) && l.quantity_covered > l.quantity_released
              ) && after(b, cursor)
          )
          .map((b) => b.id),
      load: async (ids) => {
        ids.forEach((id) => loaded.set(id, world.backorders.get(id)!))
      },
      snapshot: async () =>
        snapshotOf(world, policy, namedOrders, [...loaded.values()], scope),
    },
    { page_size: pageSize, slice }
  )
  return { snapshot, read }
}

/** Writes a plan into the world, as the engine's writers do. */
function apply(world: World, plan: BackorderPlan) {
  const r = plan.reservations
  r.delete.forEach((id) => world.reservations.delete(id))
  for (const u of r.update) {
    const row = world.reservations.get(u.id)!
    row.quantity = u.quantity
    if (u.metadata !== undefined) {
      row.metadata = u.metadata
    }
  }
  for (const m of r.mark) {
    world.reservations.get(m.id)!.metadata = m.metadata
  }
  for (const c of r.create) {
    const id = `res_${++world.seq}`
    world.reservations.set(id, {
      id,
      line_item_id: c.line_item_id,
      inventory_item_id: c.inventory_item_id,
      location_id: c.location_id,
      quantity: c.quantity,
      metadata: c.metadata,
    })
  }
  const rec = plan.records
  for (const c of rec.create) {
    const id = `bo_${++world.seq}`
    world.backorders.set(id, {
      id,
      order_id: c.order_id,
      status: c.status,
      priority: c.priority,
      order_created_at: c.order_created_at,
      order_display_id: c.order_display_id,
      backordered_at: c.backordered_at,
      sales_channel_id: c.sales_channel_id,
      divided_at: null,
      pendingprocess: c.pendingprocess ?? null,
      pendingprocess_at: c.pendingprocess_at ?? null,
      lines: c.lines.map((l) => ({
        ...l,
        id: `bol_${++world.seq}`,
        quantity_fulfilled: 0,
      })),
    })
  }
  for (const u of rec.update) {
    const b = world.backorders.get(u.id)!
    if (u.status) {
      b.status = u.status
    }
    if (u.priority !== undefined) {
      b.priority = u.priority
    }
    if (u.pendingprocess !== undefined) {
      b.pendingprocess = u.pendingprocess
    }
  }
  const lineById = new Map(
    [...world.backorders.values()].flatMap((b) =>
      b.lines.map((l) => [l.id, l] as const)
    )
  )
  for (const u of rec.line_updates) {
    Object.assign(lineById.get(u.id)!, {
      ...(u.quantity !== undefined ? { quantity: u.quantity } : {}),
      ...(u.quantity_covered !== undefined
        ? { quantity_covered: u.quantity_covered }
        : {}),
      ...(u.quantity_released !== undefined
        ? { quantity_released: u.quantity_released }
        : {}),
    })
  }
}

/** What must be equal: every write and every outcome (not explanations). */
const writesOf = (plan: BackorderPlan) => ({
  reservations: plan.reservations,
  records: plan.records,
  released: plan.released,
  canceled: plan.canceled,
  created_order_ids: plan.created_order_ids,
})

function step(world: World, s: Step): string[] {
  world.now += 60_000
  if (s.kind === "order") {
    const id = `order_${++world.seq}`
    const item = ITEMS[s.item]
    const lineId = `${id}_line`
    const components = s.kit
      ? [
          { inventory_item_id: "item_a", required_quantity: 1 },
          { inventory_item_id: "item_b", required_quantity: 2 },
        ]
      : [{ inventory_item_id: item, required_quantity: 1 }]
    world.orders.set(id, {
      id,
      display_id: world.seq,
      created_at: new Date(world.now).toISOString(),
      status: "pending",
      sales_channel_id: s.channel,
      lines: [
        {
          line_item_id: lineId,
          variant_id: s.kit ? "kit" : item,
          sku: s.kit ? "KIT" : item,
          title: "t",
          quantity: s.quantity,
          quantity_fulfilled: 0,
          components,
        },
      ],
    })
    // Medusa's checkout reservation: the full quantity at the first location.
    for (const c of components) {
      const rid = `res_${++world.seq}`
      world.reservations.set(rid, {
        id: rid,
        line_item_id: lineId,
        inventory_item_id: c.inventory_item_id,
        location_id: "loc_1",
        quantity: s.quantity * c.required_quantity,
        metadata: null,
      })
    }
    return [id]
  }
  if (s.kind === "restock") {
    const key = cell(ITEMS[s.item], locationsOf[s.location])
    world.stocked.set(key, Math.max(0, (world.stocked.get(key) ?? 0) + s.delta))
    return []
  }
  const orders = [...world.orders.values()].filter(
    (o) => o.status === "pending"
  )
  if (!orders.length) {
    return []
  }
  const order = orders[s.pick % orders.length]
  if (s.kind === "cancel") {
    order.status = "canceled"
    return [order.id]
  }
  const backorder = [...world.backorders.values()].find(
    (b) => b.order_id === order.id && isWaiting(b)
  )
  if (backorder) {
    backorder.priority = s.priority
    return [order.id]
  }
  return []
}

describe("bounded queue reads (DESIGN D9)", () => {
  it("plans exactly what the whole queue plans, on random histories", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("fill" as const, "complete" as const),
        fc.integer({ min: 1, max: 4 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        async (policy, pageSize, steps) => {
          const world = newWorld()
          for (const s of steps) {
            const named = step(world, s)
            const full = buildBackorderPlan(
              snapshotOf(
                world,
                policy,
                named,
                [...world.backorders.values()].filter(isWaiting)
              )
            )
            const { snapshot } = await boundedSnapshot(
              world,
              policy,
              named,
              pageSize
            )
            const bounded = buildBackorderPlan(snapshot)
            expect(writesOf(bounded)).toEqual(writesOf(full))
            apply(world, full)
            // A canceled order holds nothing, backorder or not.
            for (const id of named) {
              const order = world.orders.get(id)
              if (order?.status === "canceled") {
                const lines = new Set(order.lines.map((l) => l.line_item_id))
                expect(
                  [...world.reservations.values()].filter((r) =>
                    lines.has(r.line_item_id)
                  )
                ).toEqual([])
              }
            }
          }
        }
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) }
    )
  })

  it("releases queues in slices — of one item, and of two tied by kits and orders — that give no order more than the whole queue's plan would, and end where nothing is left to plan", async () => {
    /**
     * Units each line of a backorder holds of each item of the scope (all
     * locations); a checkout reservation no plan has seen yet covers nothing.
     */
    const coverage = (world: World, scope: string[]) => {
      const stored = new Set(
        [...world.backorders.values()].flatMap((b) =>
          b.lines.map((l) => l.line_item_id)
        )
      )
      const held = new Map<string, number>()
      for (const r of world.reservations.values()) {
        if (scope.includes(r.inventory_item_id) && stored.has(r.line_item_id)) {
          const key = `${r.line_item_id}|${r.inventory_item_id}`
          held.set(key, (held.get(key) ?? 0) + r.quantity)
        }
      }
      return held
    }
    /**
     * Units each order line holds per location, and the orders still
     * waiting. (An order placed while a release runs may be a backorder for
     * a slice and released by the next: its record differs from the whole
     * plan's, which never made one, but not what it holds or whether it waits.)
     */
    const outcome = (world: World, scope: string[]) => {
      const at: Record<string, number> = {}
      for (const r of world.reservations.values()) {
        if (scope.includes(r.inventory_item_id) && r.quantity > 0) {
          const key = `${r.line_item_id}@${r.inventory_item_id}@${r.location_id}`
          at[key] = (at[key] ?? 0) + r.quantity
        }
      }
      const waiting = [...world.backorders.values()]
        .filter(isWaiting)
        .map((b) => b.order_id)
        .sort()
      return { at, waiting }
    }
    const wholePlan = (
      world: World,
      policy: "fill" | "complete",
      named: string[],
      SCOPE: string[]
    ) =>
      buildBackorderPlan(
        snapshotOf(
          world,
          policy,
          named,
          [...world.backorders.values()].filter(isWaiting),
          SCOPE
        )
      )
    let sliced = 0
    let slicedTwo = 0
    // Slices that cover units but release nobody: they go on in slices too.
    let coveredOnly = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(["item_a"], ITEMS),
        fc.constantFrom("fill" as const, "complete" as const),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(stepArb, fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        async (SCOPE, policy, slice, pageSize, steps) => {
          const world = newWorld()
          const single = SCOPE.length === 1
          for (const [raw, withOrder, bothLocations] of steps) {
            // One item: only its orders and restocks. Two: kits and orders
            // of either, one scope.
            const s: Step = !single
              ? raw
              : raw.kind === "order"
                ? { ...raw, kit: false, item: 0 }
                : raw.kind === "restock"
                  ? { ...raw, item: 0 }
                  : raw
            // A restock and a checkout planned together (one drain batch):
            // the new order ranks last, after every order the slice leaves.
            const placed =
              withOrder && s.kind === "restock"
                ? step(world, {
                    kind: "order",
                    kit: false,
                    // With two items, an order of the other one, planned
                    // with the release (the orders of both tie them).
                    item: single ? 0 : 1 - s.item,
                    quantity: 1 + (s.delta & 1),
                    channel: "sc_both",
                  })
                : []
            let named = [...placed, ...step(world, s)]
            // Stock arriving at both own locations at once; with two items,
            // for both items at once (a delivery of several SKUs).
            if (bothLocations && s.kind === "restock" && s.location < 2) {
              step(world, { ...s, location: 1 - s.location })
            }
            if (withOrder && !single && s.kind === "restock") {
              step(world, { ...s, item: 1 - s.item, delta: Math.abs(s.delta) })
            }
            const start = structuredClone(world)
            apply(start, wholePlan(world, policy, named, SCOPE))
            for (let round = 0; ; round++) {
              expect(round).toBeLessThan(100)
              const whole = structuredClone(world)
              apply(whole, wholePlan(world, policy, named, SCOPE))
              const before = coverage(world, SCOPE)
              const { snapshot } = await boundedSnapshot(
                world,
                policy,
                named,
                pageSize,
                { scope: SCOPE, slice }
              )
              const cut = snapshot.cutoffs ?? []
              let plan = buildBackorderPlan(snapshot)
              const wrote = handsOutStock(plan)
              if (cut.length && !wrote) {
                // As the engine does: a slice that hands stock to nobody reads on.
                plan = buildBackorderPlan(
                  (
                    await boundedSnapshot(world, policy, named, pageSize, {
                      scope: SCOPE,
                    })
                  ).snapshot
                )
              } else if (cut.length) {
                sliced++
                slicedTwo += single ? 0 : 1
                coveredOnly += plan.released.length ? 0 : 1
                // A waiting backorder ranked after the cut keeps its status
                // (backorder or network_backorder): the next slice decides it.
                const [{ rank: last }] = cut
                for (const update of plan.records.update) {
                  const stored = world.backorders.get(update.id)!
                  if (
                    update.status &&
                    isWaiting(stored) &&
                    compareRank(rank(stored), last) > 0
                  ) {
                    expect(update.status).toBe(stored.status)
                  }
                }
                // Nobody ranked after the cut is released by it.
                for (const { id } of plan.released) {
                  expect(
                    compareRank(rank(world.backorders.get(id)!), last)
                  ).toBeLessThanOrEqual(0)
                }
              }
              apply(world, plan)
              if (cut.length && wrote) {
                // The orders up to the cut get exactly what the whole plan gives them.
                const [{ rank: last }] = cut
                const head = (w: World) => {
                  const ids = new Set(
                    [...w.backorders.values()]
                      .filter((b) => compareRank(rank(b), last) <= 0)
                      .flatMap((b) => b.lines.map((l) => l.line_item_id))
                  )
                  return Object.fromEntries(
                    Object.entries(outcome(w, SCOPE).at).filter(([key]) =>
                      ids.has(key.split("@")[0])
                    )
                  )
                }
                expect(head(world)).toEqual(head(whole))
              }
              const after = coverage(world, SCOPE)
              const wanted = coverage(whole, SCOPE)
              for (const [line, units] of after) {
                expect(units).toBeLessThanOrEqual(
                  Math.max(before.get(line) ?? 0, wanted.get(line) ?? 0)
                )
              }
              named = []
              if (!cut.length || !wrote) {
                break
              }
            }
            // The slices end where the whole queue's plan ends (the units
            // each line holds; an order the slices made give back its
            // checkout reservation may hold them at another location)…
            const totals = (w: World) => {
              const { at, waiting } = outcome(w, SCOPE)
              const units: Record<string, number> = {}
              for (const [key, quantity] of Object.entries(at)) {
                const line = key.split("@").slice(0, 2).join("@")
                units[line] = (units[line] ?? 0) + quantity
              }
              return { units, waiting }
            }
            expect(totals(world)).toEqual(totals(start))
            // …and it has nothing left to do.
            const rest = wholePlan(world, policy, [], SCOPE)
            expect(
              [
                rest.reservations.create,
                rest.reservations.update,
                rest.reservations.delete,
                rest.reservations.mark,
                rest.records.create,
                rest.records.update,
                rest.records.line_creates,
                rest.records.line_updates,
                rest.records.line_deletes,
              ].map((writes) => writes.length)
            ).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0])
          }
        }
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) }
    )
    // The histories did cut queues, of one item and of two (the property
    // is not empty).
    expect(sliced).toBeGreaterThan(0)
    expect(slicedTwo).toBeGreaterThan(0)
    expect(coveredOnly).toBeGreaterThan(0)
  })

  it("cuts a release of two items at one rank, the earliest, after reading every queue up to it", async () => {
    const world = newWorld()
    // In rank order: two orders of B, then two of A, then one of each.
    for (const item of [1, 1, 0, 0, 0, 1]) {
      step(world, {
        kind: "order",
        kit: false,
        quantity: 1,
        channel: "sc_both",
        item,
      })
    }
    apply(
      world,
      buildBackorderPlan(
        snapshotOf(world, "fill", [...world.orders.keys()], [])
      )
    )
    const waitingOrders = () =>
      [...world.backorders.values()]
        .filter(isWaiting)
        .map((b) => b.order_id)
        .sort()
    const ids = [...world.orders.keys()]
    expect(waitingOrders()).toHaveLength(6)
    // One delivery of both SKUs: enough for everyone.
    step(world, { kind: "restock", item: 0, location: 0, delta: 3 })
    step(world, { kind: "restock", item: 1, location: 0, delta: 3 })

    const released: string[][] = []
    for (let round = 0; round < 10 && waitingOrders().length; round++) {
      const { snapshot } = await boundedSnapshot(world, "fill", [], 1, {
        slice: 1,
      })
      const plan = buildBackorderPlan(snapshot)
      released.push(plan.released.map((b) => b.order_id).sort())
      if (round === 0) {
        // Both queues read one entry (ids[0] of B, ids[2] of A) and still
        // have stock left: the earliest cut holds for both items, so A's
        // first order does not go before B's second.
        expect(
          (snapshot.cutoffs ?? []).map((c) => [c.inventory_item_id, c.rank.key])
        ).toEqual([
          ["item_a", ids[0]],
          ["item_b", ids[0]],
        ])
      }
      apply(world, plan)
    }
    // One order per slice, in rank order, until the last of each queue
    // (nothing is left after them, so no cut): all of them in the end.
    expect(released).toEqual([
      ...ids.slice(0, 4).map((id) => [id]),
      ids.slice(4).sort(),
    ])
    expect(waitingOrders()).toEqual([])
  })

  it("reads one page when a few units arrive for a long queue, and nothing when nothing is free", async () => {
    const world = newWorld()
    for (let i = 0; i < 200; i++) {
      step(world, {
        kind: "order",
        kit: false,
        quantity: 1,
        channel: "sc_both",
        item: 0,
      })
    }
    apply(
      world,
      buildBackorderPlan(
        snapshotOf(world, "fill", [...world.orders.keys()], [])
      )
    )
    expect([...world.backorders.values()].filter(isWaiting)).toHaveLength(200)

    const idle = await boundedSnapshot(world, "fill", [], 16)
    expect(idle.read).toBe(0)
    expect(buildBackorderPlan(idle.snapshot).records.update).toEqual([])

    step(world, { kind: "restock", item: 0, location: 0, delta: 3 })
    const restock = await boundedSnapshot(world, "fill", [], 16)
    expect(restock.read).toBe(16)
    expect(buildBackorderPlan(restock.snapshot).released).toHaveLength(3)
  })
})

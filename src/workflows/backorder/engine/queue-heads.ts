import {
  allocateSnapshot,
  compareRank,
  planNetwork,
  type PlanningSnapshot,
  type PlannedOrder,
  type WorkOrder,
} from "../../../planner"
import type { QueueCursor, QueueEntry } from "../../../types/backorder"

/** Where a bounded plan reads from: the queue index, and the snapshot of what it has read. */
export type QueueHeadsSource = {
  /** The next `limit` waiting entries of one item's queue, in rank order, after `after`. */
  page(
    inventoryItemId: string,
    after: QueueCursor | null,
    limit: number
  ): Promise<QueueEntry[]>
  /** The first entry of one item's queue (one indexed read), or null. */
  first(inventoryItemId: string): Promise<QueueEntry | null>
  /**
   * Waiting backorders with a line holding units of the item, ranked after
   * `after` (all of them when null).
   */
  holders(inventoryItemId: string, after: QueueCursor | null): Promise<string[]>
  /** Adds these waiting backorders to what the snapshot plans. */
  load(backorderIds: string[]): Promise<void>
  /** The snapshot of everything loaded so far. */
  snapshot(): Promise<PlanningSnapshot>
}

/** How a bounded read goes (see `readQueueHeads`). */
export type QueueHeadsOptions = {
  /** The first read of each queue takes at least this many entries (later reads grow four-fold). */
  page_size?: number
  /**
   * Releases in slices: once this many entries of one item's queue are read
   * and its stock is still left after them, the plan ends at the last one's
   * rank, and the snapshot's cutoffs keep the rest of every item of the scope
   * from the orders ranked after it. Unset: no slices.
   */
  slice?: number
}

/** The largest first read of one queue (later reads grow four-fold). */
const MAX_FIRST_PAGE = 20000

const rankOf = (cursor: QueueCursor) => ({
  priority: cursor.priority,
  created_at: Date.parse(cursor.order_created_at),
  display_id: cursor.order_display_id,
  key: cursor.order_id,
})

type Rank = ReturnType<typeof rankOf>

const cursorOf = (rank: Rank): QueueCursor => ({
  priority: rank.priority,
  order_created_at: new Date(rank.created_at).toISOString(),
  order_display_id: rank.display_id,
  order_id: rank.key,
})

/**
 * Loads the waiting backorders holding units of each item that a plan could
 * hand on. The planner gives held units back and hands them out again in
 * rank order, so under `fill`, on an item no location of which is
 * over-reserved, a holder ranked before every order that wants more of the
 * item — the first line of its queue still short of it, and every order the
 * plan already has (named, new, flagged) — takes exactly its own units back
 * in the whole queue's plan too: only the holders ranked after that first
 * demand are read, and none when nothing wants the item. Under `complete`
 * (an order that cannot be completed gives its units up) and on an
 * over-reserved item (the last holders lose units), all of them.
 */
async function loadHolders(
  scope: string[],
  snapshot: PlanningSnapshot,
  source: QueueHeadsSource
): Promise<void> {
  const { workOrders } = allocateSnapshot(snapshot)
  const overReserved = new Set(
    workOrders.stock
      .filter((cell) => cell.free < 0)
      .map((cell) => cell.inventory_item_id)
  )
  const [firstLoaded] = workOrders.work
    .map((order) => order.demand)
    .sort(compareRank)
  const ids: string[] = []
  for (const itemId of scope) {
    if (snapshot.policy !== "fill" || overReserved.has(itemId)) {
      ids.push(...(await source.holders(itemId, null)))
      continue
    }
    const head = await source.first(itemId)
    const [first] = [
      ...(head ? [rankOf(head)] : []),
      ...(firstLoaded ? [firstLoaded] : []),
    ].sort(compareRank)
    if (first) {
      ids.push(...(await source.holders(itemId, cursorOf(first))))
    }
  }
  if (ids.length) {
    await source.load(ids)
  }
}

/** Units of `itemId` that orders ranked at or before `cursor` were given. */
function takenBefore(
  work: WorkOrder[],
  planned: Map<string, PlannedOrder>,
  itemId: string,
  cursor: QueueCursor
): number {
  const at = rankOf(cursor)
  let taken = 0
  for (const order of work) {
    if (compareRank(order.demand, at) > 0) {
      continue
    }
    const plan = planned.get(order.demand.key)
    order.lines.forEach((line, index) => {
      const per = line.line.components
        .filter((c) => c.inventory_item_id === itemId)
        .reduce((sum, c) => sum + Math.max(1, c.required_quantity), 0)
      if (per && plan && !line.demand.frozen) {
        taken += (plan.lines[index]?.covered ?? 0) * per
      }
    })
  }
  return taken
}

/**
 * Reads each item's queue only as far as a plan can change it (DESIGN D9).
 * The caller has loaded the named and new orders and the backorders flagged
 * `network_backorder`; this loads the holders a plan could take units from
 * (`loadHolders`), then reads the head of every item's queue — the lines
 * still short of it — in
 * rank order, pages growing, until the planner — run on what is read — has
 * handed out, before the cursor, every unit a later order could get: the
 * item's free stock at the locations automatic release uses, and the network
 * stock a later order could be flagged `network_backorder` for. Orders after
 * the cursor would get nothing, and what they hold they keep or it is
 * loaded, so the plan of the snapshot equals the plan of the whole queue
 * (the property tests check it on random histories). An item whose
 * stock nobody can take is not read at all.
 *
 * @example
 * // 10,000 wait for one SKU, 3 units arrive: one page of 64 is read, the
 * // planner gives the 3 units to the first 3, and reading stops.
 */
export async function readQueueHeads(
  scope: string[],
  source: QueueHeadsSource,
  options: QueueHeadsOptions = {}
): Promise<PlanningSnapshot> {
  const queues = new Map(
    scope.map((id) => [
      id,
      {
        cursor: null as QueueCursor | null,
        done: false,
        page: Math.max(1, options.page_size ?? 64),
        read: 0,
      },
    ])
  )
  // Slices: once `slice` entries of one item's queue are read and its
  // stock is still left after them, the plan ends at that order's rank for
  // every item of the scope (kits and orders of several items tie the
  // queues together): the other queues are read only up to it, and no
  // order ranked after it gets new units of any of them in this plan (a
  // waiting one keeps what it holds, see `PlanInput.cutoffs`).
  const slice = options.slice && options.slice > 0 ? options.slice : null
  let cut: QueueCursor | null = null
  const reached = (cursor: QueueCursor | null) =>
    !!cut && !!cursor && compareRank(rankOf(cursor), rankOf(cut)) >= 0
  await loadHolders(scope, await source.snapshot(), source)
  let snapshot = await source.snapshot()
  for (;;) {
    const open = [...queues.entries()].filter(([, q]) => !q.done)
    if (!open.length) {
      // Orders ranked after the cut — read because they hold units, or new,
      // or on another queue's page — get no new units of the scope's items
      // (waiting ones keep what they hold): the next slice starts there.
      const at = cut && rankOf(cut)
      return at
        ? {
            ...snapshot,
            cutoffs: scope.map((id) => ({ inventory_item_id: id, rank: at })),
          }
        : snapshot
    }
    const { workOrders, allocation } = allocateSnapshot(snapshot)
    const planned = new Map(allocation.orders.map((o) => [o.key, o]))
    const { statusPass } = planNetwork(snapshot, {}, workOrders, planned)
    const network = new Set(snapshot.network_location_ids)
    // What the stock of each item offers: free at the locations automatic
    // release uses, and the network stock the status pass could hand out.
    const offered = new Map<string, number>()
    const add = (itemId: string, units: number) =>
      offered.set(itemId, (offered.get(itemId) ?? 0) + Math.max(0, units))
    for (const cell of workOrders.stock) {
      if (!network.has(cell.location_id)) {
        add(cell.inventory_item_id, cell.free)
      }
    }
    const networkOffered = new Map<string, number>()
    for (const cell of snapshot.levels) {
      if (network.has(cell.location_id)) {
        networkOffered.set(
          cell.inventory_item_id,
          (networkOffered.get(cell.inventory_item_id) ?? 0) +
            Math.max(0, cell.stocked_quantity - cell.reserved_quantity)
        )
      }
    }
    const statusPlanned = new Map(
      (statusPass?.orders ?? []).map((o) => [o.key, o])
    )
    let loaded = false
    for (const [itemId, queue] of open) {
      const cursor = queue.cursor
      const left = cursor
        ? (offered.get(itemId) ?? 0) -
          takenBefore(workOrders.work, planned, itemId, cursor)
        : (offered.get(itemId) ?? 0)
      const networkLeft = cursor
        ? (networkOffered.get(itemId) ?? 0) -
          takenBefore(workOrders.work, statusPlanned, itemId, cursor)
        : (networkOffered.get(itemId) ?? 0)
      if ((left <= 0 && networkLeft <= 0) || reached(cursor)) {
        queue.done = true
        continue
      }
      if (slice && cursor && left > 0 && queue.read >= slice) {
        queue.done = true
        // Before any earlier cut (`reached` said so): the earliest wins. The
        // other open queues go on reading up to it.
        cut = cursor
        continue
      }
      // The first read takes at least as many entries as units are on offer
      // (each waiting line needs one or more), so a restock of k units is
      // usually one read.
      const wanted = cursor
        ? queue.page
        : Math.min(MAX_FIRST_PAGE, Math.max(queue.page, Math.ceil(left)))
      const size =
        slice && queue.read < slice
          ? Math.min(wanted, slice - queue.read)
          : wanted
      const page = await source.page(itemId, cursor, size)
      queue.read += page.length
      if (page.length < size) {
        queue.done = true
      }
      if (page.length) {
        queue.cursor = page[page.length - 1]
        await source.load(page.map((entry) => entry.backorder_id))
        loaded = true
      }
      queue.page = size * 4
    }
    if (loaded) {
      snapshot = await source.snapshot()
    }
  }
}

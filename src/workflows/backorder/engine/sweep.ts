import type {
  FilterableReservationItemProps,
  MedusaContainer,
} from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ChangeInput } from "../../../types/backorder"
import { NETWORK_DIVIDE_PROCESS } from "../../../planner"
import {
  BackorderStatus,
  WAITING_STATUSES,
} from "../../../modules/backorder/status"
import { ACTIVE_JOB_STATUSES, jobChange } from "./job-steps"
import { readItemStock } from "../../../utils/stock"
import { graphRows } from "./load-plan-input"
import { isCheckedReservation, UNCHECKED_RESERVATIONS } from "./reservations"
import {
  DETECTABLE_FIELDS,
  type DetectableOrderRow,
  isDetectable,
} from "./detectable"

const PAGE = 1000

/**
 * Backorders whose orders one call asks Medusa about for a lost cancel: the
 * sweep reads every waiting one each time, and each call costs Query's own
 * work beside the rows.
 */
const CANCEL_CHECK_PAGE = 5000

/**
 * How long after its release a backorder's order is still checked for a lost
 * cancel: the race it guards spans one plan, and every sweep rereads the
 * releases of the whole window.
 */
const RELEASED_RECHECK_MS = 60 * 60 * 1000

/**
 * The reason of stock the sweep found next to short lines: a stock change
 * whose event was lost, planned as a restock is (the head of the queue, in
 * slices). What stands for a lost order event, and recovery rows, is planned
 * against the whole queue (see `verifiesWholeQueue`).
 */
export const SWEEP_FREE_STOCK = "sweep:free_stock"

/** Whether a queued change is planned against the whole queue of its items. */
export const verifiesWholeQueue = (reason: string) =>
  reason === "recovery" ||
  (reason.startsWith("sweep:") && reason !== SWEEP_FREE_STOCK)

export type SweepFindings = {
  changes: ChangeInput[]
  /** Backorders marked as queued in a network job that no active job holds. */
  orphaned: { id: string; order_id: string }[]
}

function chunk<T>(items: T[], size = PAGE): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size))
  }
  return chunks
}

/**
 * The consistency check (DESIGN D8): what the queue should hold but no
 * trigger reported. Read-only; the caller queues what it answers.
 * - checkout reservations no plan has seen, anywhere (not only next to
 *   waiting backorders): their orders — a lost `order.placed`, an order
 *   placed before the plugin was installed;
 * - waiting backorders, and backorders released in the last hour, whose
 *   order was canceled (a lost `order.canceled`);
 * - inventory items that waiting lines are short of, with free stock at a
 *   location that automatic release may use — a stock change that emitted no
 *   event;
 * - backorders marked as queued in a network job that no active job holds;
 * - active jobs whose next step is not queued (their step was lost) and that
 *   have not moved for two lock leases.
 */
export async function findBackorderInconsistencies(
  container: MedusaContainer
): Promise<SweepFindings> {
  const backorders = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const inventory = container.resolve(Modules.INVENTORY)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const settings = await backorders.getSettings()
  const changes: ChangeInput[] = []

  // Unseen checkout reservations (keyset pages over the unmarked
  // allow_backorder ones, matched in SQL).
  const unseenLines = new Set<string>()
  let cursor = ""
  for (;;) {
    // `allow_backorder` is a column of the reservation, filterable though
    // the filter type does not list it.
    const filters = {
      allow_backorder: true,
      ...UNCHECKED_RESERVATIONS,
      ...(cursor ? { id: { $gt: cursor } } : {}),
    } as FilterableReservationItemProps
    const page = await inventory.listReservationItems(filters, {
      select: ["id", "line_item_id", "metadata"],
      order: { id: "ASC" },
      take: PAGE,
    })
    for (const r of page) {
      if (r.line_item_id && !isCheckedReservation(r.metadata)) {
        unseenLines.add(r.line_item_id)
      }
    }
    if (page.length < PAGE) {
      break
    }
    cursor = page[page.length - 1].id
  }
  const orderIds = new Set<string>()
  for (const ids of chunk([...unseenLines])) {
    const known = new Set(
      (
        await backorders.listBackorderLines(
          { line_item_id: ids },
          { select: ["line_item_id"] }
        )
      ).map((l) => l.line_item_id)
    )
    const unknown = ids.filter((id) => !known.has(id))
    if (!unknown.length) {
      continue
    }
    const rows = await graphRows<{ order_id: string }>(query, {
      entity: "order_item",
      fields: ["order_id", "item_id"],
      filters: { item_id: unknown },
    })
    rows.forEach((row) => orderIds.add(row.order_id))
  }
  // Only orders detection would act on (units left to fulfil, not canceled
  // or archived), so an order it leaves alone is not queued again every sweep.
  for (const ids of chunk([...orderIds])) {
    const orders = await graphRows<DetectableOrderRow & { id: string }>(query, {
      entity: "order",
      fields: ["id", ...DETECTABLE_FIELDS],
      filters: { id: ids },
    })
    for (const order of orders) {
      if (isDetectable(order)) {
        changes.push({ order_id: order.id, reason: "sweep:unseen_reservation" })
      }
    }
  }

  // Backorders whose order was canceled without the plugin hearing of it
  // (a lost order.canceled): the waiting ones (until stock comes they hold
  // their place; plans cancel them when they read them), and those released
  // in the last hour — a plan that read the order just before Medusa marked
  // it canceled may have reserved stock for it, which only the lost event
  // would have given back. Older releases are history, not read again.
  const recently = new Date(Date.now() - RELEASED_RECHECK_MS)
  for (const filter of [
    { status: [...WAITING_STATUSES] },
    { status: [BackorderStatus.PENDING], released_since: recently },
  ]) {
    for (let after: string | null = null; ;) {
      const page = await backorders.listBackorderOrderIdPage(
        filter,
        after,
        CANCEL_CHECK_PAGE
      )
      if (page.length) {
        const canceled = await graphRows<{ id: string }>(query, {
          entity: "order",
          fields: ["id"],
          filters: { id: page.map((b) => b.order_id), status: "canceled" },
        })
        canceled.forEach((order) =>
          changes.push({ order_id: order.id, reason: "sweep:canceled_order" })
        )
      }
      if (page.length < CANCEL_CHECK_PAGE) {
        break
      }
      after = page[page.length - 1].id
    }
  }

  // Lines short of an item next to its free stock. Not every item of a
  // waiting order: an accessory in stock that waiting orders hold has free
  // stock beside waiting demand in a store with nothing wrong, and would be
  // planned every sweep.
  const network = new Set(settings.network_location_ids)
  for (const ids of chunk(await backorders.listShortInventoryItemIds())) {
    for (const [id, stock] of await readItemStock(inventory, ids, network)) {
      if (stock.free > 0) {
        changes.push({ inventory_item_id: id, reason: SWEEP_FREE_STOCK })
      }
    }
  }

  // Orphaned job markers and jobs whose next step is missing.
  const active = await backorders.listBackorderJobs({
    status: [...ACTIVE_JOB_STATUSES],
  })
  const held = new Set(await backorders.listBackordersHeldByJobs())
  const marked = await backorders.listBackorders(
    { pendingprocess: NETWORK_DIVIDE_PROCESS },
    { select: ["id", "order_id"] }
  )
  const orphaned = marked
    .filter((b) => !held.has(b.id))
    .map((b) => ({ id: b.id, order_id: b.order_id }))
  orphaned.forEach((b) =>
    changes.push({ order_id: b.order_id, reason: "sweep:orphaned_process" })
  )
  if (active.length) {
    const queued = new Set(
      (
        await backorders.listBackorderChanges(
          { job_id: active.map((job) => job.id) },
          { select: ["job_id"] }
        )
      ).map((row) => row.job_id)
    )
    const staleBefore = Date.now() - 2 * settings.lock_lease_seconds * 1000
    active
      .filter(
        (job) =>
          !queued.has(job.id) &&
          (!job.heartbeat_at ||
            new Date(job.heartbeat_at).getTime() < staleBefore)
      )
      .forEach((job) =>
        changes.push({ ...jobChange(job.id), reason: "sweep:job" })
      )
  }
  return { changes, orphaned }
}

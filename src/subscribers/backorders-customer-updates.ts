import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import pLimit from "p-limit"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../modules/backorder"
import {
  BACKORDER_ARRIVALS_CHANGED_EVENT,
  BackorderEvents,
} from "../workflows/backorder/events"
import {
  listExpectedArrivals,
  notifyCustomer,
  plansIdle,
  refreshBackorderEstimates,
} from "../workflows/backorder/engine"

type Payload = {
  id?: string
  inventory_item_ids?: string[]
  before?: string | null
  after?: string | null
}

/**
 * How many of these one process handles at once. Medusa's local event bus
 * calls every subscriber of a burst at the same moment — a release of
 * 10,000 orders emits 10,000 `backorder.released` — and each handler reads
 * its backorder and writes a notification: unthrottled, one process grew by
 * 1.3 GB and the release beside it took twice as long. The Redis event bus
 * already spreads events over the workers' job concurrency; this bounds it
 * per process either way. Nothing is dropped: the rest wait their turn.
 */
const inTurn = pLimit(4)

/** How long plans running without a pause hold notifications back (see `plansIdle`). */
const PLANS_FIRST_MS = 10_000

/**
 * Keeps customers told (DESIGN D12): a new backorder gets its estimated date
 * and its customer a "backordered" notification; a released one a "ready"
 * notification; a moved estimate a notification when it moved by more than
 * the configured days. Changed expected arrivals recompute the dates of
 * their items (which emits `backorder.estimate_changed` where they moved).
 */
export default async function backordersCustomerUpdatesHandler(
  args: SubscriberArgs<Payload>
) {
  await inTurn(async () => {
    // A release goes on in slices under the locks checkouts wait on: its
    // notifications (and every other one) wait until no plan runs in this
    // process, or until plans have run PLANS_FIRST_MS without a pause.
    await plansIdle(PLANS_FIRST_MS)
    await handle(args)
  })
}

async function handle({ event, container }: SubscriberArgs<Payload>) {
  const { name, data } = event
  if (name === BACKORDER_ARRIVALS_CHANGED_EVENT) {
    await refreshBackorderEstimates(container, data.inventory_item_ids ?? [])
    return
  }
  if (!data.id) {
    return
  }
  if (name === BackorderEvents.CREATED) {
    const [row] = await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackordersForPlan([data.id])
    const items = (row?.lines ?? []).flatMap((line) =>
      line.components.map((c) => c.inventory_item_id)
    )
    // Its date needs the queue ahead of it, read only when something is
    // expected for its items (otherwise it has none; the scheduled refresh
    // records the reason).
    if (items.length && (await listExpectedArrivals(container, items)).length) {
      await refreshBackorderEstimates(container, items)
    }
    await notifyCustomer(container, {
      kind: "backordered",
      backorder_id: data.id,
      trigger: name,
    })
  } else if (name === BackorderEvents.RELEASED) {
    await notifyCustomer(container, {
      kind: "released",
      backorder_id: data.id,
      trigger: name,
    })
  } else if (name === BackorderEvents.ESTIMATE_CHANGED) {
    await notifyCustomer(container, {
      kind: "estimate_changed",
      backorder_id: data.id,
      trigger: name,
      before: data.before ?? null,
      after: data.after ?? null,
    })
  }
}

export const config: SubscriberConfig = {
  event: [
    BackorderEvents.CREATED,
    BackorderEvents.RELEASED,
    BackorderEvents.ESTIMATE_CHANGED,
    BACKORDER_ARRIVALS_CHANGED_EVENT,
  ],
  context: { subscriberId: "backorders-customer-updates" },
}

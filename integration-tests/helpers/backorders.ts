import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  InventoryEvents,
  Modules,
} from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"
import { drainBackorderChanges } from "../../src/workflows"
import { subscriberRuns, subscribersIdle } from "./subscribers"
import { TestEventUtils } from "@medusajs/test-utils"
import jwt from "jsonwebtoken"
import {
  checkout,
  type CheckoutOptions,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"

type Api = {
  get: (path: string, config?: any) => Promise<any>
  post: (path: string, body?: any, config?: any) => Promise<any>
}

/** Creates an admin user and answers the headers of its session (JWT). */
export async function createAdminHeaders(
  container: MedusaContainer,
  email = "admin@backorders.test"
) {
  const user = await container.resolve(Modules.USER).createUsers({ email })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id },
    "supersecret",
    { expiresIn: "1d" }
  )
  return { authorization: `Bearer ${token}` }
}

/** The error response of a request expected to fail. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    (response) => {
      throw new Error(
        `expected the request to fail, got ${JSON.stringify((response as any)?.data)}`
      )
    },
    (error) => error.response
  )

/** Queued changes available now or claimed by a running drain. */
async function pendingChanges(container: MedusaContainer): Promise<number> {
  const { rows } = await container
    .resolve(ContainerRegistrationKeys.PG_CONNECTION)
    .raw(
      `select count(*)::int as count from backorder_change
       where deleted_at is null and (available_at <= now() or claimed_until >= now())`
    )
  return rows[0].count
}

/**
 * Resolves once the change queue has nothing available or in progress: what
 * subscribers queued has been planned (by them, another drain, or this
 * helper, which drains like any worker). Changes waiting for a retry are
 * left alone.
 */
export async function settleQueue(
  container: MedusaContainer,
  timeoutMs = 60000
) {
  const until = Date.now() + timeoutMs
  for (;;) {
    await drainBackorderChanges(container, { budget_ms: 5000 })
    const count = await pendingChanges(container)
    if (!count) {
      return
    }
    if (Date.now() > until) {
      throw new Error(`the change queue did not settle: ${count} row(s) left`)
    }
    await sleep(50)
  }
}

/**
 * Waits until what the test's last actions started is done: every subscriber
 * run of the local event bus (all events of the action, not only the one a
 * test waited for) and the change queue, until both hold at once (a drain
 * emits events whose subscribers may queue more).
 */
export async function settleAll(container: MedusaContainer, timeoutMs = 60000) {
  for (;;) {
    await subscribersIdle(container, timeoutMs)
    await settleQueue(container, timeoutMs)
    await subscribersIdle(container, timeoutMs)
    if (!(await pendingChanges(container))) {
      return
    }
  }
}

/** Starts counting subscriber runs (see `subscriberRuns`): call first in beforeAll. */
export const trackSubscribers = (container: MedusaContainer) => {
  subscriberRuns(container)
}

/**
 * Settles the queue and waits until it stays settled for `quietMs`: the
 * events of what a test's setup wrote reach their subscribers a moment after
 * the writes, and the plans they start must be done before Medusa's runner
 * snapshots the database (the snapshot ends every connection to it, and a
 * plan cut off there leaves its change claimed for the whole lease).
 */
export async function settleQueueQuietly(
  container: MedusaContainer,
  quietMs = 300,
  timeoutMs = 60000
) {
  const until = Date.now() + timeoutMs
  for (;;) {
    await settleAll(container, timeoutMs)
    await workflowsSettled(container, timeoutMs)
    await sleep(quietMs)
    const count = await pendingChanges(container)
    const running = await runningWorkflows(container)
    const subscribers = subscriberRuns(container)?.size ?? 0
    if (!count && !running.length && !subscribers) {
      return
    }
    if (Date.now() > until) {
      throw new Error(
        `the change queue did not stay settled: ${count} change(s) pending, ${running.length} workflow(s) running, ${subscribers} subscriber run(s)`
      )
    }
  }
}

/**
 * Retries `check` (an expectation) until it passes or `timeoutMs` ends, for
 * outcomes that arrive through events whose order the test does not control.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 20000
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > until) {
        throw error
      }
      await sleep(100)
    }
  }
}

/** Resolves once `count` order.placed events have been handled and the queue has settled. */
export const waitForDetection = async (
  container: MedusaContainer,
  count = 1
) => {
  await TestEventUtils.waitSubscribersExecution(
    "order.placed",
    container.resolve(Modules.EVENT_BUS),
    {
      timeout: 60000,
      triggerCount: count,
    }
  )
  await settleAll(container)
}

/**
 * Places an order through the storefront API and waits for detection to
 * finish (pass `wait: false` when placing several at once and wait with
 * `waitForDetection(container, n)` instead).
 */
export async function placeOrder(
  api: Api,
  container: MedusaContainer,
  store: StoreFixture,
  options: CheckoutOptions & { wait?: boolean }
) {
  const { wait = true, ...checkoutOptions } = options
  const detected = wait ? waitForDetection(container) : Promise.resolve()
  const order = await checkout(
    (path, body, headers) =>
      api.post(path, body, { headers }).catch((error: any) => {
        throw new Error(
          `POST ${path} failed: ${error.response?.status} ${JSON.stringify(error.response?.data)}`
        )
      }),
    store,
    // Distinct guest emails: concurrent carts with one new email race in Medusa's customer creation.
    {
      email: `buyer+${Math.random().toString(36).slice(2, 10)}@example.com`,
      ...checkoutOptions,
    }
  )
  await detected
  return order
}

/**
 * Waits for the subscribers of the inventory level events: the workflow event
 * (admin API, core workflows) and the module event (every level write).
 */
export async function waitForInventorySubscribers(
  container: MedusaContainer,
  events: string[] = [
    "inventory-level.updated",
    InventoryEvents.INVENTORY_LEVEL_UPDATED,
  ]
) {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  await Promise.all(
    events.map((name) =>
      TestEventUtils.waitSubscribersExecution(name, eventBus, {
        timeout: 30000,
      })
    )
  )
  await settleAll(container)
}

/** Sets a location's stocked quantity through the admin API, like a merchant, and waits for the release. */
export async function setStock(
  api: Api,
  container: MedusaContainer,
  headers: Record<string, string>,
  inventoryItemId: string,
  locationId: string,
  stocked: number
) {
  const done = waitForInventorySubscribers(container)
  await api.post(
    `/admin/inventory-items/${inventoryItemId}/location-levels/${locationId}`,
    { stocked_quantity: stocked },
    { headers }
  )
  await done
}

/**
 * Sets a location's stocked quantity behind Medusa's back, in SQL: no
 * workflow, no module event reaches the plugin (stock that arrived unseen;
 * only a release run, the sweep or a queued change plans it).
 */
export async function setStockWithoutEvent(
  container: MedusaContainer,
  inventoryItemId: string,
  locationId: string,
  stocked: number
) {
  await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(
    `update inventory_level set stocked_quantity = ?, raw_stocked_quantity = jsonb_build_object('value', ?::text, 'precision', 20)
       where inventory_item_id = ? and location_id = ?`,
    [stocked, stocked, inventoryItemId, locationId]
  )
}

/** Stocked / reserved of one inventory level, read from the inventory module. */
export async function levelOf(
  container: MedusaContainer,
  inventoryItemId: string,
  locationId: string
) {
  const [level] = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({
      inventory_item_id: inventoryItemId,
      location_id: locationId,
    })
  return {
    stocked: Number(level.stocked_quantity),
    reserved: Number(level.reserved_quantity),
  }
}

/** Sum of reservation quantities per line item id. */
export async function reservedByLine(
  container: MedusaContainer,
  lineItemIds: string[]
) {
  const reservations = await container
    .resolve(Modules.INVENTORY)
    .listReservationItems({ line_item_id: lineItemIds })
  const total: Record<string, number> = {}
  for (const reservation of reservations) {
    total[reservation.line_item_id!] =
      (total[reservation.line_item_id!] ?? 0) + Number(reservation.quantity)
  }
  return total
}

/** The backorder of an order through the admin API (null when it has none). */
export async function backorderOf(
  api: Api,
  headers: Record<string, string>,
  orderId: string
) {
  const { data } = await api.get(`/admin/backorders?order_id=${orderId}`, {
    headers,
  })
  return data.backorders[0] ?? null
}

/** Cancels an order through the admin API and waits for the plugin to hand its units on. */
export async function cancelOrder(
  api: Api,
  container: MedusaContainer,
  headers: Record<string, string>,
  orderId: string
) {
  const handled = TestEventUtils.waitSubscribersExecution(
    "order.canceled",
    container.resolve(Modules.EVENT_BUS),
    { timeout: 30000 }
  )
  await api.post(`/admin/orders/${orderId}/cancel`, {}, { headers })
  await handled
  await settleAll(container)
}

/**
 * The helpers above bound to one suite (its API client, container, store and
 * admin session), so a test reads `kit.order(...)`, `kit.setStock(...)`.
 * `context` is read at call time: the store and headers are made in beforeAll.
 */
export function backorderKit(
  api: Api,
  getContainer: () => MedusaContainer,
  context: () => { store: StoreFixture; headers: Record<string, string> }
) {
  return {
    order: (options: CheckoutOptions & { wait?: boolean }) =>
      placeOrder(api, getContainer(), context().store, options),
    backorderOf: (orderId: string) =>
      backorderOf(api, context().headers, orderId),
    setStock: (inventoryItemId: string, locationId: string, stocked: number) =>
      setStock(
        api,
        getContainer(),
        context().headers,
        inventoryItemId,
        locationId,
        stocked
      ),
    setStockWithoutEvent: (
      inventoryItemId: string,
      locationId: string,
      stocked: number
    ) =>
      setStockWithoutEvent(
        getContainer(),
        inventoryItemId,
        locationId,
        stocked
      ),
    level: (inventoryItemId: string, locationId: string) =>
      levelOf(getContainer(), inventoryItemId, locationId),
    reserved: (lineItemIds: string[]) =>
      reservedByLine(getContainer(), lineItemIds),
    cancel: (orderId: string) =>
      cancelOrder(api, getContainer(), context().headers, orderId),
    waitForDetection: (count = 1) => waitForDetection(getContainer(), count),
    waitForInventory: (events?: string[]) =>
      waitForInventorySubscribers(getContainer(), events),
    settle: () => settleAll(getContainer()),
  }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Midnight UTC `days` from today, as ISO (the dates arrivals and estimates carry). */
export const inDays = (days: number) =>
  new Date(
    Math.floor(Date.now() / DAY_MS) * DAY_MS + days * DAY_MS
  ).toISOString()

/** Workflow executions in flight (started, not finished). */
const runningWorkflows = (container: MedusaContainer) =>
  container.resolve(Modules.WORKFLOW_ENGINE).listWorkflowExecutions({
    state: { $nin: ["not_started", "done", "reverted", "failed"] },
  })

/**
 * Waits until no workflow execution is in flight, like the test runner's
 * afterEach does, but fails with what is stuck (workflow, state, steps that
 * are not done) instead of throwing from a timer the runner cannot catch.
 */
export async function workflowsSettled(
  container: MedusaContainer,
  timeoutMs = 60000
) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const executions = await runningWorkflows(container)
    if (!executions.length) {
      return
    }
    if (Date.now() > until) {
      const stuck = executions.map((e: any) => {
        const steps = Object.values(e.execution?.steps ?? {})
          .filter((s: any) => s?.invoke?.state && s.invoke.state !== "done")
          .map(
            (s: any) =>
              `${s.action ?? s.id}: ${s.invoke.state}/${s.compensate?.state}`
          )
        return `${e.workflow_id} ${e.transaction_id} ${e.state} [${steps.join(", ")}]`
      })
      throw new Error(
        `workflow executions still in flight:\n${stuck.join("\n")}`
      )
    }
    await sleep(100)
  }
}

/**
 * Orders as checkout leaves them, many at once (written through the order and
 * inventory modules, not the storefront): each order with one line of one
 * unit per product and Medusa's full reservation for each (allow_backorder).
 */
export async function placeOrders(
  container: MedusaContainer,
  store: StoreFixture,
  product: ProductFixture | ProductFixture[],
  count: number
): Promise<string[]> {
  const orders = container.resolve(Modules.ORDER)
  const inventory = container.resolve(Modules.INVENTORY)
  const products = Array.isArray(product) ? product : [product]
  const ids: string[] = []
  for (let offset = 0; offset < count; offset += 250) {
    const batch = await orders.createOrders(
      Array.from({ length: Math.min(250, count - offset) }, (_, i) => ({
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        currency_code: store.currencyCode,
        email: `bench+${offset + i}@example.com`,
        status: "pending",
        items: products.map((p) => ({
          title: "Bench item",
          quantity: 1,
          unit_price: 20,
          variant_id: p.variantId,
          variant_sku: p.sku,
          product_id: p.productId,
        })),
      }))
    )
    await inventory.createReservationItems(
      batch.flatMap((order) =>
        order.items!.map((line) => ({
          line_item_id: line.id,
          inventory_item_id: products.find(
            (p) => p.variantId === line.variant_id
          )!.inventoryItemIds[0],
          location_id: store.locationIds[0],
          quantity: 1,
          allow_backorder: true,
        }))
      )
    )
    ids.push(...batch.map((order) => order.id))
  }
  return ids
}

import pg from "pg"
import type { DemoApp } from "../../scripts/lib/demo-app.mjs" with {
  "resolution-mode": "import",
}
import { setTimeout as sleep } from "timers/promises"
import { checkout, type HttpPost, type PlacedOrder } from "../../dev/fixtures"
import { rankViolations } from "../helpers/rank-race"
import {
  flushRedis,
  redisAnswers,
  redisDatabase,
  testRedisUrl,
} from "../helpers/services"

jest.setTimeout(15 * 60 * 1000)

const redisUrl = redisDatabase(testRedisUrl(), 7)
const ADMIN = { email: "ops@example.com", password: "processes-test" }
const DB_NAME = "medusa_backorders_processes"

/**
 * Medusa as merchants run it in production: a `server` process (HTTP) and a
 * `worker` process (subscribers, scheduled jobs) sharing one PostgreSQL, on
 * the Redis event bus, Redis workflow engine and Redis locking — started the
 * way `npm run demo` starts them with REDIS_URL set. Everything goes through
 * HTTP (storefront checkout, admin API); invariants are read from the
 * database afterwards.
 */
const suite = redisAnswers(redisUrl) ? describe : describe.skip
if (!redisAnswers(redisUrl)) {
  console.warn(
    `[processes] SKIPPED: no Redis answers at ${redisUrl} (set REDIS_URL; .ci/run starts one)`
  )
}

suite("a server and a worker process on Redis", () => {
  let app: DemoApp
  let db: pg.Client
  let base: string
  let auth: Record<string, string>
  let fixture: any

  const request = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<{ status: number; data: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return {
      status: response.status,
      data: (await response.json().catch(() => ({}))) as T,
    }
  }
  const post: HttpPost = async (path, body, headers) => {
    const { status, data } = await request("POST", path, body, headers)
    if (status >= 400) {
      throw new Error(`POST ${path} → ${status} ${JSON.stringify(data)}`)
    }
    return { data }
  }
  const admin = {
    get: (path: string) => request("GET", path, undefined, auth),
    post: (path: string, body: unknown = {}) =>
      request("POST", path, body, auth),
  }
  const buy = (variantId: string, quantity: number, tag: string) =>
    checkout(post, fixture, {
      items: [{ variant_id: variantId, quantity }],
      email: `buyer+${tag}@example.com`,
    })

  /**
   * Waits until the worker has handled every event and change: nothing
   * queued, claimed or waiting for a retry (a change given back with
   * a backoff is work not done yet), no unseen checkout reservation and no
   * running job, four checks in a row.
   */
  const quiet = async (timeoutMs = 120000) => {
    const until = Date.now() + timeoutMs
    let calm = 0
    for (;;) {
      const { rows } = await db.query(
        `select
           (select count(*)::int from backorder_change where deleted_at is null
              and (available_at <= now() or claimed_until >= now() or attempts > 0)) as queued,
           (select count(*)::int from reservation_item where deleted_at is null
              and allow_backorder and line_item_id is not null
              and coalesce(metadata->>'backorders_checked', '') <> 'true'
              and line_item_id not in (select line_item_id from backorder_line where deleted_at is null)) as unseen,
           (select count(*)::int from backorder_job where status in ('queued', 'running')) as jobs`
      )
      const [{ queued, unseen, jobs }] = rows
      calm = !queued && !jobs && !unseen ? calm + 1 : 0
      if (calm >= 4) {
        return
      }
      if (Date.now() > until) {
        throw new Error(
          `not quiet after ${timeoutMs} ms: ${JSON.stringify(rows[0])}`
        )
      }
      await sleep(500)
    }
  }

  /** The invariants every deployment must keep, read from the database. */
  const expectConsistent = async () => {
    const { rows: levels } = await db.query(
      `select l.inventory_item_id, l.location_id, l.stocked_quantity::int as stocked,
              l.reserved_quantity::int as reserved,
              coalesce((select sum(r.quantity)::int from reservation_item r
                 where r.deleted_at is null and r.inventory_item_id = l.inventory_item_id
                   and r.location_id = l.location_id), 0) as rows
       from inventory_level l where l.deleted_at is null`
    )
    for (const level of levels) {
      expect({
        ...level,
        counter_matches: level.reserved === level.rows,
      }).toMatchObject({
        counter_matches: true,
      })
      expect(level.rows).toBeLessThanOrEqual(level.stocked)
    }
    // Every open order short of stock has a waiting backorder.
    const { rows: short } = await db.query(
      `select o.id as order_id, o.display_id, li.id as line_id, vi.inventory_item_id,
              oi.quantity::int * vi.required_quantity::int as needed,
              coalesce((select sum(r.quantity)::int from reservation_item r
                 where r.deleted_at is null and r.line_item_id = li.id
                   and r.inventory_item_id = vi.inventory_item_id), 0) as held
       from "order" o
       join order_item oi on oi.order_id = o.id and oi.deleted_at is null
         and oi.version = o.version
       join order_line_item li on li.id = oi.item_id
       join product_variant_inventory_item vi on vi.variant_id = li.variant_id and vi.deleted_at is null
       where o.deleted_at is null and o.status = 'pending' and oi.fulfilled_quantity::int = 0`
    )
    const shortOrders = [
      ...new Set(short.filter((r) => r.held < r.needed).map((r) => r.order_id)),
    ]
    const { rows: waiting } = await db.query(
      `select order_id from backorder where deleted_at is null
         and status in ('backorder', 'network_backorder')`
    )
    const waitingIds = new Set(waiting.map((r) => r.order_id))
    expect(shortOrders.filter((id) => !waitingIds.has(id))).toEqual([])
  }

  beforeAll(
    async () => {
      await flushRedis(redisUrl)
      const server = {
        host: process.env.DB_HOST ?? "localhost",
        port: Number(process.env.DB_PORT ?? 5432),
        user: process.env.DB_USERNAME ?? "postgres",
        password: process.env.DB_PASSWORD ?? "",
      }
      const root = new pg.Client({ ...server, database: "postgres" })
      await root.connect()
      await root.query(`drop database if exists ${DB_NAME} with (force)`)
      await root.query(`create database ${DB_NAME}`)
      await root.end()
      const databaseUrl = `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${DB_NAME}`
      db = new pg.Client({ ...server, database: DB_NAME })

      const { startDemoApp } = await import("../../scripts/lib/demo-app.mjs")
      const { freePort } =
        await import("../../scripts/lib/embedded-postgres.mjs")
      app = await startDemoApp({
        port: await freePort(0),
        databaseUrl,
        dataDir: "",
        adminEmail: ADMIN.email,
        adminPassword: ADMIN.password,
        quietServer: true,
        command: "start",
        env: { REDIS_URL: redisUrl, DISABLE_ADMIN: "true" },
        backorderOptions: { lock_lease_seconds: 5, sweep_schedule: "off" },
        log: (message: string) => console.log(`[processes] ${message}`),
      })
      base = app.base
      fixture = app.fixture
      await db.connect()
      const { data } = await request("POST", "/auth/user/emailpass", ADMIN)
      auth = { authorization: `Bearer ${data.token}` }
      await quiet()
    },
    10 * 60 * 1000
  )

  afterAll(async () => {
    await app?.stop()
    await db?.end().catch(() => undefined)
  })

  afterEach(async () => {
    // On failure, what the processes logged (the last 400 writes each):
    // which plan wrote what is in there.
    const state = (expect as any).getState()
    if (state.assertionCalls !== state.numPassingAsserts && app) {
      for (const proc of app.processes.values()) {
        console.log(`--- ${proc.name} ---\n${proc.logs.join("")}`)
      }
    }
  })

  it("runs checkouts, restocks, cancels and a network job through both processes and keeps every invariant", async () => {
    const p = fixture.products
    const [main] = fixture.locationIds
    const shirtItem = p.shirt.inventoryItemIds[0]
    // Waiting lamp orders from the demo go to the partner 3PL in a job.
    const { data: lampList } = await admin.get(
      `/admin/backorders?status=network_backorder&limit=50`
    )
    const networkIds = lampList.backorders.map((b: { id: string }) => b.id)
    expect(networkIds.length).toBeGreaterThan(0)

    const orders: PlacedOrder[] = []
    const buyers = Array.from({ length: 12 }, async (_, i) => {
      await sleep(Math.floor(Math.random() * 1500))
      orders.push(await buy(p.shirt.variantId, 1 + (i % 2), `mix-${i}`))
    })
    const restocks = (async () => {
      for (const stocked of [8, 14]) {
        await sleep(400 + Math.floor(Math.random() * 400))
        const { status } = await admin.post(
          `/admin/inventory-items/${shirtItem}/location-levels/${main}`,
          { stocked_quantity: stocked }
        )
        expect(status).toBe(200)
      }
    })()
    const job = (async () => {
      await sleep(300)
      return admin.post(`/admin/backorders/network/divide`, {
        backorder_ids: networkIds,
      })
    })()
    await Promise.all([...buyers, restocks])
    // Two of the new orders are canceled while the worker still plans.
    const cancels = orders
      .slice(0, 2)
      .map((o) => admin.post(`/admin/orders/${o.id}/cancel`))
    expect((await Promise.all(cancels)).map((r) => r.status)).toEqual([
      200, 200,
    ])
    const { status, data: started } = await job
    expect(status).toBe(202)
    await quiet()

    await expectConsistent()
    const { data: finished } = await admin.get(
      `/admin/backorders/jobs/${started.job.id}`
    )
    expect(finished.job).toMatchObject({ status: "succeeded", progress: 100 })
    // Exactly one allocation per order: each order once, and the partner's
    // reservations are exactly what the job allocated there.
    const results = finished.job.results as {
      order_id: string
      state: string
      allocations: { location_id: string; quantity: number; network: boolean }[]
    }[]
    expect(new Set(results.map((r) => r.order_id)).size).toBe(networkIds.length)
    expect(results.every((r) => r.state === "done")).toBe(true)
    const partner = fixture.networkLocationIds[0]
    const allocated = results
      .flatMap((r) => r.allocations)
      .filter((a) => a.location_id === partner)
      .reduce((sum, a) => sum + a.quantity, 0)
    const { rows } = await db.query(
      `select coalesce(sum(quantity), 0)::int as held from reservation_item
       where deleted_at is null and location_id = $1`,
      [partner]
    )
    expect(rows[0].held).toBe(allocated)
    // Canceled orders hold nothing.
    const { rows: canceledHeld } = await db.query(
      `select count(*)::int as n from reservation_item r
       join order_item oi on oi.item_id = r.line_item_id
       where r.deleted_at is null and oi.order_id = any($1)`,
      [orders.slice(0, 2).map((o) => o.id)]
    )
    expect(canceledHeld[0].n).toBe(0)
  })

  it("keeps the rank over rounds of concurrent checkouts racing restocks on two processes", async () => {
    const p = fixture.products
    const [main] = fixture.locationIds
    const item = p.lampWhite.inventoryItemIds[0]
    let { rows } = await db.query(
      `select stocked_quantity::int as stocked from inventory_level where inventory_item_id = $1 and location_id = $2`,
      [item, main]
    )
    let stocked = rows[0].stocked
    const placed: PlacedOrder[] = []
    for (let round = 0; round < 4; round++) {
      const buyers = Array.from({ length: 6 }, async (_, i) => {
        await sleep(Math.floor(Math.random() * 500))
        return buy(p.lampWhite.variantId, 1, `rank-${round}-${i}`)
      })
      const restocks = [2, 2].map(async (units, i) => {
        await sleep(200 + i * 250 + Math.floor(Math.random() * 200))
        stocked += units
        await admin.post(
          `/admin/inventory-items/${item}/location-levels/${main}`,
          { stocked_quantity: stocked }
        )
      })
      placed.push(...(await Promise.all(buyers)))
      await Promise.all(restocks)
      await quiet()
      await expectConsistent()

      const { rows: state } = await db.query(
        `select o.id, o.display_id, o.created_at,
                coalesce((select sum(r.quantity)::int from reservation_item r
                  where r.deleted_at is null and r.line_item_id = oi.item_id), 0) as held,
                exists (select 1 from backorder b where b.order_id = o.id and b.deleted_at is null
                  and b.status in ('backorder', 'network_backorder')) as waiting
         from "order" o join order_item oi on oi.order_id = o.id and oi.version = o.version
         where o.id = any($1)`,
        [placed.map((o) => o.id)]
      )
      expect(
        rankViolations(
          state.map((r) => ({
            display_id: r.display_id,
            created_at: new Date(r.created_at).toISOString(),
            quantity: 1,
            reserved: r.held,
            waiting: r.waiting,
          }))
        )
      ).toEqual([])
    }
  })

  it("recovers the lock and the queued changes of a worker killed in the middle of a plan", async () => {
    const p = fixture.products
    // The regular worker stops; one that dies at its first write takes over.
    await app.stopProcess("worker")
    await app.addProcess("doomed", "worker", {
      BACKORDERS_FAILPOINTS: "before-write=kill@1",
    })
    const order = await buy(p.shelf.variantId, 3, "killed")
    // The doomed worker takes the order.placed and dies holding the locks
    // and its claim on the queued change.
    const until = Date.now() + 60000
    while (
      app.processes.get("doomed")!.child.exitCode === null &&
      app.processes.get("doomed")!.child.signalCode === null
    ) {
      if (Date.now() > until) {
        throw new Error("the doomed worker never reached its plan")
      }
      await sleep(200)
    }
    const { rows: claimed } = await db.query(
      `select claimed_by, attempts from backorder_change where order_id = $1`,
      [order.id]
    )
    expect(claimed).toEqual([
      expect.objectContaining({ attempts: 1, claimed_by: expect.any(String) }),
    ])
    const { rows: none } = await db.query(
      `select count(*)::int as n from backorder where order_id = $1`,
      [order.id]
    )
    expect(none[0].n).toBe(0)

    // Another worker takes its rows once the lease (5 s) has lapsed.
    await app.addProcess("rescuer", "worker")
    await quiet()
    const { rows: after } = await db.query(
      `select b.status, l.quantity, l.quantity_covered from backorder b
       join backorder_line l on l.backorder_id = b.id where b.order_id = $1`,
      [order.id]
    )
    expect(after).toEqual([
      expect.objectContaining({ status: "backorder", quantity: 3 }),
    ])
    await expectConsistent()
  })
})

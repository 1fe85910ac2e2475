import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"
import {
  checkout,
  createProduct,
  setupStore,
  type PlacedOrder,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import {
  backorderKit,
  createAdminHeaders,
  settleQueue,
  settleQueueQuietly,
  trackSubscribers,
  workflowsSettled,
} from "./backorders"

export const RANK_ROUNDS = 5
export const RANK_BUYERS = 6

/**
 * Orders of one product, in rank order (all priority 0 here), each with the
 * units it holds, and whether it still waits. The rank holds when no waiting
 * order is older than a covered one (DESIGN D2).
 */
export function rankViolations(
  orders: {
    display_id: number
    created_at: string
    quantity: number
    reserved: number
    waiting: boolean
  }[]
): string[] {
  const ranked = [...orders].sort(
    (a, b) =>
      Date.parse(a.created_at) - Date.parse(b.created_at) ||
      a.display_id - b.display_id
  )
  const violations: string[] = []
  ranked.forEach((older, index) => {
    if (!older.waiting) {
      return
    }
    for (const newer of ranked.slice(index + 1)) {
      if (newer.reserved > 0) {
        violations.push(
          `#${older.display_id} waits (holds ${older.reserved}/${older.quantity}) while newer #${newer.display_id} holds ${newer.reserved}`
        )
      }
    }
  })
  return violations
}

/**
 * Many rounds of concurrent storefront checkouts of one unit racing restocks
 * through the admin API, against one Medusa process (the configuration of
 * the spec that calls this: e.g. the Redis event bus, workflow engine and
 * locking). After each round settles: Σ reservations ≤ stocked, the level's
 * counter equals its rows, and no waiting order is older than a covered one.
 */
export function rankRaceSuite(label: string) {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer, dbConnection }) => {
      let store: StoreFixture
      let drop: ProductFixture
      let headers: Record<string, string>
      let location: string
      const kit = backorderKit(api, getContainer, () => ({ store, headers }))

      beforeAll(async () => {
        const container = getContainer()
        trackSubscribers(container)
        store = await setupStore(container)
        location = store.locationIds[0]
        drop = await createProduct(container, store, {
          title: "Limited drop",
          sku: "DROP",
          stock: { [location]: 0 },
        })
        headers = await createAdminHeaders(container)
        // Before Medusa's runner snapshots the database (see the helper).
        await settleQueueQuietly(container)
      })

      /** Every order of the product has been planned: a backorder, or its reservation seen. */
      const quiet = async (orders: PlacedOrder[]) => {
        const until = Date.now() + 90000
        for (;;) {
          await settleQueue(getContainer())
          const { rows } = await dbConnection.raw(
            `select count(*)::int as n from reservation_item
             where deleted_at is null and inventory_item_id = ?
               and allow_backorder and coalesce(metadata->>'backorders_checked', '') <> 'true'`,
            [drop.inventoryItemIds[0]]
          )
          const events = await getContainer()
            .resolve(ContainerRegistrationKeys.PG_CONNECTION)
            .raw(
              `select count(*)::int as n from backorder_change where deleted_at is null`
            )
          if (!rows[0].n && !events.rows[0].n) {
            // Events may still be on their way: it must stay quiet a moment.
            await sleep(1000)
            const again = await dbConnection.raw(
              `select count(*)::int as n from backorder_change where deleted_at is null`
            )
            if (!again.rows[0].n) {
              return
            }
          }
          if (Date.now() > until) {
            throw new Error(`${orders.length} orders did not settle`)
          }
          await sleep(200)
        }
      }

      it(`keeps the rank and never over-reserves when concurrent checkouts race restocks (${label})`, async () => {
        const item = drop.inventoryItemIds[0]
        const placed: PlacedOrder[] = []
        let stocked = 0
        const post = (path: string, body: unknown, h: Record<string, string>) =>
          api.post(path, body, { headers: h })
        for (let round = 0; round < RANK_ROUNDS; round++) {
          const roundStarted = Date.now()
          const buyers = Array.from({ length: RANK_BUYERS }, async (_, i) => {
            await sleep(Math.floor(Math.random() * 400))
            return checkout(post, store, {
              items: [{ variant_id: drop.variantId, quantity: 1 }],
              email: `fan+${round}-${i}@example.com`,
            })
          })
          // Two restocks during the checkouts, one after the other: sent
          // concurrently, the lower figure could land last and the test's own
          // count of what is stocked would be wrong.
          const restocks = (async () => {
            for (const units of [2, 3]) {
              await sleep(150 + Math.floor(Math.random() * 200))
              stocked += units
              await api.post(
                `/admin/inventory-items/${item}/location-levels/${location}`,
                { stocked_quantity: stocked },
                { headers }
              )
            }
          })()
          placed.push(...(await Promise.all(buyers)))
          await restocks
          const placedAfter = Date.now() - roundStarted
          await quiet(placed)
          // Printed so a slow CI machine shows where a round's time went.
          console.info(
            `[rank-race] round ${round}: checkouts and restocks ${placedAfter} ms, settled after ${Date.now() - roundStarted} ms`
          )

          const level = await kit.level(item, location)
          const reserved = await kit.reserved(placed.map((o) => o.items[0].id))
          const rows = Object.values(reserved).reduce((a, b) => a + b, 0)
          expect(level).toEqual({ stocked, reserved: rows })
          expect(rows).toBeLessThanOrEqual(stocked)
          const { data } = await api.get(
            `/admin/backorders?limit=200&status=backorder`,
            { headers }
          )
          const waiting = new Set(
            data.backorders.map((b: { order_id: string }) => b.order_id)
          )
          const { rows: created } = await dbConnection.raw(
            `select id, created_at from "order" where id = any(?)`,
            [placed.map((o) => o.id)]
          )
          const createdAt = new Map<string, string>(
            created.map((r: { id: string; created_at: Date }) => [
              r.id,
              new Date(r.created_at).toISOString(),
            ])
          )
          expect(
            rankViolations(
              placed.map((o) => ({
                display_id: o.display_id,
                created_at: createdAt.get(o.id)!,
                quantity: 1,
                reserved: reserved[o.items[0].id] ?? 0,
                waiting: waiting.has(o.id),
              }))
            )
          ).toEqual([])
          // Every unit in stock went to someone: nobody waits next to free stock.
          expect(rows).toBe(Math.min(stocked, placed.length))
        }
        await workflowsSettled(getContainer())
      })
    },
  })
}

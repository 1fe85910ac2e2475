import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"
import {
  completeCart,
  createProduct,
  prepareCart,
  setupStore,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import {
  backorderKit,
  createAdminHeaders,
  settleQueueQuietly,
  trackSubscribers,
  workflowsSettled,
} from "./backorders"

const ROUNDS = 4

/**
 * The race DESIGN D10 is about, run against one locking provider: a plan
 * reads free stock and grows a backorder's `allow_backorder` reservation
 * (which Medusa does not check against stock) while a checkout of an
 * ordinary, non-backorder variant of the same inventory item reserves it.
 * The plan is held inside its locked section for 1.5 s (a failpoint) and the
 * checkout is completed while it is there. If the two excluded each other
 * only on paper, both would take the last unit: Σ reservations > stocked.
 */
export function lockingRaceSuite(provider: string) {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: StoreFixture
      let backorderable: ProductFixture
      let inStockOnly: ProductFixture
      let headers: Record<string, string>
      let location: string
      const kit = backorderKit(api, getContainer, () => ({ store, headers }))
      const post = (path: string, body: unknown, h: Record<string, string>) =>
        api.post(path, body, { headers: h })

      beforeAll(async () => {
        const container = getContainer()
        trackSubscribers(container)
        store = await setupStore(container)
        location = store.locationIds[0]
        backorderable = await createProduct(container, store, {
          title: "Gadget",
          sku: "GADGET",
          components: [
            {
              sku: "GADGET-STOCK",
              title: "Gadget stock",
              required_quantity: 1,
              stock: { [location]: 0 },
            },
          ],
        })
        inStockOnly = await createProduct(container, store, {
          title: "Gadget (ships today)",
          sku: "GADGET-NOW",
          allowBackorder: false,
          inventoryItemId: backorderable.inventoryItemIds[0],
        })
        headers = await createAdminHeaders(container)
        // Before Medusa's runner snapshots the database (see the helper).
        await settleQueueQuietly(container)
      })

      afterEach(() => {
        delete process.env.BACKORDERS_FAILPOINTS
      })

      afterAll(() => {
        delete process.env.MEDUSA_LOCKING
        delete process.env.LOCKING_REDIS_URL
      })

      const reservedRows = async () => {
        const rows = await getContainer()
          .resolve(Modules.INVENTORY)
          .listReservationItems({
            inventory_item_id: backorderable.inventoryItemIds[0],
            location_id: location,
          })
        return rows.reduce((sum, r) => sum + Number(r.quantity), 0)
      }

      const planInProgress = async () => {
        const knex = getContainer().resolve(
          ContainerRegistrationKeys.PG_CONNECTION
        )
        const until = Date.now() + 10000
        while (Date.now() < until) {
          const { rows } = await knex.raw(
            `select 1 from backorder_change where claimed_until >= now() limit 1`
          )
          if (rows.length) {
            return
          }
          await sleep(10)
        }
        throw new Error("no plan started after the restock")
      }

      it(`never reserves more than is stocked when a plan races a checkout of the same item (${provider} locking)`, async () => {
        const item = backorderable.inventoryItemIds[0]
        let stocked = 0
        let planFirst = 0
        for (let round = 0; round < ROUNDS; round++) {
          // One unit free: a buyer of the in-stock-only variant fills a cart
          // (Medusa checks availability here), then an order of 2 takes the
          // unit: covered 1, one unit backordered on a reservation that
          // carries allow_backorder.
          stocked += 1
          await kit.setStock(item, location, stocked)
          const cartId = await prepareCart(post, store, {
            items: [{ variant_id: inStockOnly.variantId, quantity: 1 }],
            email: `racer+${round}@example.com`,
          })
          const waiting = await kit.order({
            items: [{ variant_id: backorderable.variantId, quantity: 2 }],
          })
          expect(await kit.reserved([waiting.items[0].id])).toEqual({
            [waiting.items[0].id]: 1,
          })

          // The last unit arrives: the plan takes it for the waiting order,
          // and is held inside its locked section while the checkout runs.
          process.env.BACKORDERS_FAILPOINTS = "before-write=sleep:1500"
          stocked += 1
          const restock = kit.setStock(item, location, stocked)
          await planInProgress()
          const bought = await completeCart(post, store, cartId).then(
            () => true,
            () => false
          )
          await restock
          delete process.env.BACKORDERS_FAILPOINTS
          await kit.settle()

          const level = await kit.level(item, location)
          const rows = await reservedRows()
          expect(rows).toBeLessThanOrEqual(level.stocked)
          expect(level).toEqual({ stocked, reserved: rows })
          const waitingNow = (await kit.reserved([waiting.items[0].id]))[
            waiting.items[0].id
          ]
          // Exactly one of them got the unit.
          expect([bought, waitingNow]).toEqual(bought ? [true, 1] : [false, 2])
          if (!bought) {
            planFirst += 1
            // Stock is fully reserved; give the next round a clean start.
            expect(rows).toBe(stocked)
          } else {
            expect(rows).toBe(stocked)
          }
        }
        // The checkout really ran inside the plan's window at least once.
        expect(planFirst).toBeGreaterThan(0)
        await workflowsSettled(getContainer())
      })
    },
  })
}

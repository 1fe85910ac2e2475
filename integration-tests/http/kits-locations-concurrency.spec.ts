import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createProduct,
  setupStore,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import { buildBackorderPlan } from "../../src/planner"
import { loadBackorderPlanInput, withInventoryLock } from "../../src/workflows"
import {
  backorderKit,
  createAdminHeaders,
  settleQueue,
  settleQueueQuietly,
  trackSubscribers,
} from "../helpers/backorders"

jest.setTimeout(240 * 1000)

const waitUntil = async (check: () => Promise<boolean>, what: string) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting until ${what}`)
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let shelfKit: ProductFixture
    let mug: ProductFixture
    let lamp: ProductFixture
    let headers: Record<string, string>
    const kit = backorderKit(api, getContainer, () => ({ store, headers }))
    let east: string
    let west: string

    beforeAll(async () => {
      const container = getContainer()
      trackSubscribers(container)
      store = await setupStore(container, {
        locations: ["East warehouse", "West warehouse"],
      })
      ;[east, west] = store.locationIds
      shelfKit = await createProduct(container, store, {
        title: "Shelf kit",
        sku: "SHELF-KIT",
        components: [
          {
            sku: "BOLT",
            title: "Bolt",
            required_quantity: 4,
            stock: { [east]: 6 },
          },
          {
            sku: "PLATE",
            title: "Plate",
            required_quantity: 1,
            stock: { [east]: 5 },
          },
        ],
      })
      mug = await createProduct(container, store, {
        title: "Mug",
        sku: "MUG",
        stock: { [east]: 1, [west]: 2 },
      })
      lamp = await createProduct(container, store, {
        title: "Lamp",
        sku: "LAMP",
        stock: { [east]: 3 },
      })
      headers = await createAdminHeaders(container)
      // Before Medusa's runner snapshots the database (see the helper).
      await settleQueueQuietly(container)
    })

    it("covers kits by their scarcest component and reserves every component", async () => {
      const [bolt, plate] = shelfKit.inventoryItemIds
      // 6 bolts, 4 per kit: one kit of the two ordered can be covered.
      const order = await kit.order({
        items: [{ variant_id: shelfKit.variantId, quantity: 2 }],
      })
      const backorder = await kit.backorderOf(order.id)
      expect(backorder.lines[0]).toMatchObject({
        quantity: 2,
        quantity_covered: 1,
        quantity_backordered: 1,
      })
      expect(await kit.level(bolt, east)).toEqual({
        stocked: 6,
        reserved: 4,
      })
      expect(await kit.level(plate, east)).toEqual({
        stocked: 5,
        reserved: 1,
      })

      const { data } = await api.get(`/admin/backorders/${backorder.id}`, {
        headers,
      })
      expect(data.backorder.explanation.blocked_by).toEqual([
        { inventory_item_id: bolt, missing: 4, sku: "BOLT" },
      ])
      // The SKU report blames the bolts only (the plates are in stock), on
      // every path: paged by what the module counts, sorted by stock (every
      // SKU's stock read first) and by SKU.
      for (const order of ["-units_backordered", "-free", "sku"]) {
        const { data: report } = await api.get(
          `/admin/backorders/reports/skus?order=${order}&limit=1`,
          { headers }
        )
        expect(report).toMatchObject({ count: 1, offset: 0, limit: 1 })
        expect(report.skus).toEqual([
          expect.objectContaining({
            sku: "BOLT",
            inventory_item_id: bolt,
            orders_waiting: 1,
            free: 2,
          }),
        ])
      }

      await kit.setStock(bolt, east, 8)
      expect((await kit.backorderOf(order.id)).status).toBe("pending")
      expect(await kit.level(bolt, east)).toEqual({
        stocked: 8,
        reserved: 8,
      })
      expect(await kit.level(plate, east)).toEqual({
        stocked: 5,
        reserved: 2,
      })
    })

    it("covers one line from two locations of the sales channel", async () => {
      const order = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 3 }],
      })
      // 1 at East + 2 at West: fully covered, so no backorder; each location reserves only what it has.
      expect(await kit.backorderOf(order.id)).toBeNull()
      expect(await kit.level(mug.inventoryItemIds[0], east)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      expect(await kit.level(mug.inventoryItemIds[0], west)).toEqual({
        stocked: 2,
        reserved: 2,
      })
      expect(await kit.reserved([order.items[0].id])).toEqual({
        [order.items[0].id]: 3,
      })

      const next = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 2 }],
      })
      expect((await kit.backorderOf(next.id)).lines[0].quantity_covered).toBe(0)
      await kit.setStock(mug.inventoryItemIds[0], west, 4)
      expect((await kit.backorderOf(next.id)).status).toBe("pending")
      expect(await kit.level(mug.inventoryItemIds[0], west)).toEqual({
        stocked: 4,
        reserved: 4,
      })
    })

    it("never reserves more than stocked under concurrent checkouts and restocks, and keeps rank order", async () => {
      const item = lamp.inventoryItemIds[0]
      // Six one-unit orders at once against 3 units.
      const detectedFirst = kit.waitForDetection(6)
      const first = await Promise.all(
        Array.from({ length: 6 }, () =>
          kit.order({
            items: [{ variant_id: lamp.variantId, quantity: 1 }],
            wait: false,
          })
        )
      )
      await detectedFirst
      await waitUntil(
        async () => (await kit.level(item, east)).reserved <= 3,
        "reservations settle"
      )
      const { data: afterCheckout } = await api.get(
        "/admin/backorders?status=backorder&sku=LAMP&limit=50",
        { headers }
      )
      expect(afterCheckout.count).toBe(3)
      expect(await kit.level(item, east)).toEqual({
        stocked: 3,
        reserved: 3,
      })

      // Two more orders while two units arrive.
      const detectedLate = kit.waitForDetection(2)
      const [, ...late] = await Promise.all([
        kit.setStock(item, east, 5),
        kit.order({
          items: [{ variant_id: lamp.variantId, quantity: 1 }],
          wait: false,
        }),
        kit.order({
          items: [{ variant_id: lamp.variantId, quantity: 1 }],
          wait: false,
        }),
      ])
      await detectedLate
      await api.post(
        "/admin/backorders/release",
        { inventory_item_ids: [item] },
        { headers }
      )
      expect(await kit.level(item, east)).toEqual({
        stocked: 5,
        reserved: 5,
      })

      const { data: waiting } = await api.get(
        "/admin/backorders?status=backorder&sku=LAMP&limit=50",
        { headers }
      )
      const waitingOrders = waiting.backorders.map(
        (b: { order_id: string }) => b.order_id
      )
      // The two new units went to the two best-ranked waiting orders; the newest wait.
      const oldWaiting = afterCheckout.backorders.map(
        (b: { order_id: string }) => b.order_id
      )
      expect(waitingOrders[0]).toBe(oldWaiting[2])
      expect(waitingOrders.slice(1).sort()).toEqual(
        late.map((o) => o.id).sort()
      )
      const reserved = await kit.reserved(
        [...first, ...late].map((o) => o.items[0].id)
      )
      expect(Object.values(reserved).reduce((sum, q) => sum + q, 0)).toBe(5)
    })

    it("changes nothing when order.placed is delivered twice", async () => {
      await kit.setStock(lamp.inventoryItemIds[0], east, 1)
      const inStock = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const short = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 2 }],
      })
      const before = await kit.backorderOf(short.id)
      const { data: detailBefore } = await api.get(
        `/admin/backorders/${before.id}`,
        { headers }
      )
      const reservedBefore = await kit.reserved([
        inStock.items[0].id,
        short.items[0].id,
      ])

      const handled = kit.waitForDetection(2)
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit([
          { name: "order.placed", data: { id: inStock.id } },
          { name: "order.placed", data: { id: short.id } },
        ])
      await handled

      expect(await kit.backorderOf(inStock.id)).toBeNull()
      const { data: detailAfter } = await api.get(
        `/admin/backorders/${before.id}`,
        { headers }
      )
      expect(detailAfter.backorder.events).toEqual(
        detailBefore.backorder.events
      )
      expect(detailAfter.backorder.lines).toEqual(detailBefore.backorder.lines)
      expect(
        await kit.reserved([inStock.items[0].id, short.items[0].id])
      ).toEqual(reservedBefore)
    })

    it("plans each restock from the head of the queue exactly as a full re-plan would, on the real queue index", async () => {
      const container = getContainer()
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const lampItem = lamp.inventoryItemIds[0]
      const [bolt, plate] = shelfKit.inventoryItemIds
      const items = [lampItem, bolt, plate]
      // A queue of lamps, kits and orders of both (which connect the items),
      // some raised to priority 10 after they were placed.
      const placed: string[] = []
      for (let i = 0; i < 18; i++) {
        const lines = [
          ...(i % 3 !== 1
            ? [{ variant_id: lamp.variantId, quantity: 1 + (i % 3) }]
            : []),
          ...(i % 3 !== 0
            ? [{ variant_id: shelfKit.variantId, quantity: 1 }]
            : []),
        ]
        placed.push((await kit.order({ items: lines })).id)
      }
      await settleQueue(container)
      for (const orderId of [placed[4], placed[11]]) {
        const backorder = await kit.backorderOf(orderId)
        // Both wait at this point: the priority change must happen.
        expect(backorder).not.toBeNull()
        await api.post(
          `/admin/backorders/${backorder.id}/priority`,
          { priority: 10 },
          { headers }
        )
      }
      await settleQueue(container)

      const comparable = (plan: ReturnType<typeof buildBackorderPlan>) => {
        // Each plan stamps "now" on what it releases; the rest must be equal.
        const stamped = ["released_at", "divided_at", "pendingprocess_at"]
        const sorted = (rows: unknown[]) =>
          rows
            .map((row) =>
              JSON.stringify(row, (key, value) =>
                stamped.includes(key) && value ? "(now)" : value
              )
            )
            .sort()
        return {
          reservations: Object.fromEntries(
            Object.entries(plan.reservations).map(([k, v]) => [
              k,
              sorted(v as unknown[]),
            ])
          ),
          records: Object.fromEntries(
            Object.entries(plan.records).map(([k, v]) => [
              k,
              Array.isArray(v) ? sorted(v) : v,
            ])
          ),
          released: sorted(plan.released),
        }
      }
      let released = 0
      const read = { bounded: 0, full: 0 }
      // Stock arrives in steps, written straight to the levels (no event),
      // so both plans see a restock no plan has handled yet.
      for (const [item, stocked] of [
        [lampItem, 4],
        [bolt, 8],
        [plate, 6],
        [lampItem, 6],
        [bolt, 12],
        [lampItem, 9],
      ] as const) {
        await knex("inventory_level")
          .where({ inventory_item_id: item, location_id: east })
          .update({ stocked_quantity: stocked })
        const plans = await withInventoryLock(
          container,
          items,
          { timeout_seconds: 30, lease_seconds: 30 },
          async () => {
            const plan = async (bounded: boolean) => {
              const snapshot = await loadBackorderPlanInput(container, {
                inventory_item_ids: items,
                bounded,
                page_size: 2,
              })
              read[bounded ? "bounded" : "full"] += snapshot.waiting.length
              return buildBackorderPlan(snapshot, {}, { explain: false })
            }
            return { bounded: await plan(true), full: await plan(false) }
          }
        )
        expect(comparable(plans.bounded)).toEqual(comparable(plans.full))
        released += plans.full.released.length
        // Now the real trigger: the plugin releases what the plans said.
        await kit.setStock(item, east, stocked)
        await settleQueue(container)
        for (const id of items) {
          const level = await kit.level(id, east)
          expect(level.reserved).toBeLessThanOrEqual(level.stocked)
        }
      }
      expect(released).toBeGreaterThan(0)
      // The bounded plans really read less than the whole queue.
      expect(read.bounded).toBeLessThan(read.full)
    })
  },
})

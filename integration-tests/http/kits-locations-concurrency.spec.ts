import { Modules } from "@medusajs/framework/utils"
import {
  medusaIntegrationTestRunner,
  TestEventUtils,
} from "@medusajs/test-utils"
import {
  createProduct,
  setupStore,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import {
  backorderOf,
  createAdminHeaders,
  levelOf,
  placeOrder,
  reservedByLine,
  setStock,
  waitForDetection,
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
    let kit: ProductFixture
    let mug: ProductFixture
    let lamp: ProductFixture
    let headers: Record<string, string>
    let east: string
    let west: string

    beforeAll(async () => {
      const container = getContainer()
      store = await setupStore(container, {
        locations: ["East warehouse", "West warehouse"],
      })
      ;[east, west] = store.locationIds
      kit = await createProduct(container, store, {
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
    })

    it("covers kits by their scarcest component and reserves every component", async () => {
      const container = getContainer()
      const [bolt, plate] = kit.inventoryItemIds
      // 6 bolts, 4 per kit: one kit of the two ordered can be covered.
      const order = await placeOrder(api, container, store, {
        items: [{ variant_id: kit.variantId, quantity: 2 }],
      })
      const backorder = await backorderOf(api, headers, order.id)
      expect(backorder.lines[0]).toMatchObject({
        quantity: 2,
        quantity_covered: 1,
        quantity_backordered: 1,
      })
      expect(await levelOf(container, bolt, east)).toEqual({
        stocked: 6,
        reserved: 4,
      })
      expect(await levelOf(container, plate, east)).toEqual({
        stocked: 5,
        reserved: 1,
      })

      const { data } = await api.get(`/admin/backorders/${backorder.id}`, {
        headers,
      })
      expect(data.backorder.explanation.blocked_by).toEqual([
        { inventory_item_id: bolt, missing: 4, sku: "BOLT" },
      ])

      await setStock(api, container, headers, bolt, east, 8)
      expect((await backorderOf(api, headers, order.id)).status).toBe("pending")
      expect(await levelOf(container, bolt, east)).toEqual({
        stocked: 8,
        reserved: 8,
      })
      expect(await levelOf(container, plate, east)).toEqual({
        stocked: 5,
        reserved: 2,
      })
    })

    it("covers one line from two locations of the sales channel", async () => {
      const container = getContainer()
      const order = await placeOrder(api, container, store, {
        items: [{ variant_id: mug.variantId, quantity: 3 }],
      })
      // 1 at East + 2 at West: fully covered, so no backorder; each location reserves only what it has.
      expect(await backorderOf(api, headers, order.id)).toBeNull()
      expect(await levelOf(container, mug.inventoryItemIds[0], east)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      expect(await levelOf(container, mug.inventoryItemIds[0], west)).toEqual({
        stocked: 2,
        reserved: 2,
      })
      expect(await reservedByLine(container, [order.items[0].id])).toEqual({
        [order.items[0].id]: 3,
      })

      const next = await placeOrder(api, container, store, {
        items: [{ variant_id: mug.variantId, quantity: 2 }],
      })
      expect(
        (await backorderOf(api, headers, next.id)).lines[0].quantity_covered
      ).toBe(0)
      await setStock(api, container, headers, mug.inventoryItemIds[0], west, 4)
      expect((await backorderOf(api, headers, next.id)).status).toBe("pending")
      expect(await levelOf(container, mug.inventoryItemIds[0], west)).toEqual({
        stocked: 4,
        reserved: 4,
      })
    })

    it("never reserves more than stocked under concurrent checkouts and restocks, and keeps rank order", async () => {
      const container = getContainer()
      const item = lamp.inventoryItemIds[0]
      // Six one-unit orders at once against 3 units.
      const detectedFirst = waitForDetection(container, 6)
      const first = await Promise.all(
        Array.from({ length: 6 }, () =>
          placeOrder(api, container, store, {
            items: [{ variant_id: lamp.variantId, quantity: 1 }],
            wait: false,
          })
        )
      )
      await detectedFirst
      await waitUntil(
        async () => (await levelOf(container, item, east)).reserved <= 3,
        "reservations settle"
      )
      const { data: afterCheckout } = await api.get(
        "/admin/backorders?status=backorder&sku=LAMP&limit=50",
        { headers }
      )
      expect(afterCheckout.count).toBe(3)
      expect(await levelOf(container, item, east)).toEqual({
        stocked: 3,
        reserved: 3,
      })

      // Two more orders while two units arrive.
      const detectedLate = waitForDetection(container, 2)
      const [, ...late] = await Promise.all([
        setStock(api, container, headers, item, east, 5),
        placeOrder(api, container, store, {
          items: [{ variant_id: lamp.variantId, quantity: 1 }],
          wait: false,
        }),
        placeOrder(api, container, store, {
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
      expect(await levelOf(container, item, east)).toEqual({
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
      const reserved = await reservedByLine(
        container,
        [...first, ...late].map((o) => o.items[0].id)
      )
      expect(Object.values(reserved).reduce((sum, q) => sum + q, 0)).toBe(5)
    })

    it("changes nothing when order.placed is delivered twice", async () => {
      const container = getContainer()
      await setStock(api, container, headers, lamp.inventoryItemIds[0], east, 1)
      const inStock = await placeOrder(api, container, store, {
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const short = await placeOrder(api, container, store, {
        items: [{ variant_id: lamp.variantId, quantity: 2 }],
      })
      const before = await backorderOf(api, headers, short.id)
      const { data: detailBefore } = await api.get(
        `/admin/backorders/${before.id}`,
        { headers }
      )
      const reservedBefore = await reservedByLine(container, [
        inStock.items[0].id,
        short.items[0].id,
      ])

      const eventBus = container.resolve(Modules.EVENT_BUS)
      const handled = TestEventUtils.waitSubscribersExecution(
        "order.placed",
        eventBus,
        { triggerCount: 2 }
      )
      await eventBus.emit([
        { name: "order.placed", data: { id: inStock.id } },
        { name: "order.placed", data: { id: short.id } },
      ])
      await handled

      expect(await backorderOf(api, headers, inStock.id)).toBeNull()
      const { data: detailAfter } = await api.get(
        `/admin/backorders/${before.id}`,
        { headers }
      )
      expect(detailAfter.backorder.events).toEqual(
        detailBefore.backorder.events
      )
      expect(detailAfter.backorder.lines).toEqual(detailBefore.backorder.lines)
      expect(
        await reservedByLine(container, [
          inStock.items[0].id,
          short.items[0].id,
        ])
      ).toEqual(reservedBefore)
    })
  },
})

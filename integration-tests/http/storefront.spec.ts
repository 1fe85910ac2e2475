import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  completeCart,
  createProduct,
  prepareCart,
  setupStore,
  type HttpPost,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import {
  backorderKit,
  createAdminHeaders,
  eventually,
  failure,
  waitForDetection,
  inDays,
  settleQueueQuietly,
  trackSubscribers,
} from "../helpers/backorders"

jest.setTimeout(240 * 1000)

/**
 * What customers see (DESIGN D12), through Medusa's real store routes with
 * the publishable key and registered, logged-in customers: their own
 * backorders and dates, never another customer's; variant availability with
 * an estimated date; a cart's backorder preview that agrees with what
 * completing the cart produces.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: Record<string, string>
    let location: string
    let lamp: ProductFixture
    let mug: ProductFixture
    const kit = backorderKit(api, getContainer, () => ({ store, headers }))
    const key = () => ({ "x-publishable-api-key": store.publishableKey })

    /** Registers a customer account and answers its logged-in store headers. */
    const customer = async (email: string) => {
      const password = "s3cret-Passw0rd"
      const {
        data: { token: registration },
      } = await api.post("/auth/customer/emailpass/register", {
        email,
        password,
      })
      await api.post(
        "/store/customers",
        { email, first_name: email.split("@")[0] },
        { headers: { ...key(), authorization: `Bearer ${registration}` } }
      )
      const {
        data: { token },
      } = await api.post("/auth/customer/emailpass", { email, password })
      return { ...key(), authorization: `Bearer ${token}` }
    }
    /** Storefront calls as this customer (the cart belongs to them). */
    const as =
      (auth: Record<string, string>): HttpPost =>
      (path, body) =>
        api.post(path, body, { headers: auth })

    let alice: Record<string, string>
    let bob: Record<string, string>
    let firstDate: string
    let secondDate: string

    beforeAll(async () => {
      const container = getContainer()
      trackSubscribers(container)
      store = await setupStore(container)
      location = store.locationIds[0]
      headers = await createAdminHeaders(container)
      lamp = await createProduct(container, store, {
        title: "Lamp",
        sku: "LAMP",
        stock: { [location]: 1 },
      })
      mug = await createProduct(container, store, {
        title: "Mug",
        sku: "MUG",
        stock: { [location]: 5 },
      })
      alice = await customer("alice@example.com")
      bob = await customer("bob@example.com")
      firstDate = inDays(4)
      secondDate = inDays(9)
      // Before Medusa's runner snapshots the database (see the helper).
      await settleQueueQuietly(container)
    })

    /** Each test starts from the store as beforeAll left it (the runner restores it). */
    const expectLamps = (quantity: number, expected_at: string) =>
      api.post(
        "/admin/backorders/arrivals",
        {
          inventory_item_id: lamp.inventoryItemIds[0],
          location_id: location,
          quantity,
          expected_at,
          reference: "PO-7",
        },
        { headers }
      )
    /** Alice orders 3 lamps (1 in stock); 2 are expected on the first date. */
    const aliceWaits = async () => {
      const detected = waitForDetection(getContainer())
      const order = await completeCart(
        as(alice),
        store,
        await prepareCart(as(alice), store, {
          items: [{ variant_id: lamp.variantId, quantity: 3 }],
          email: "alice@example.com",
        })
      )
      await detected
      await expectLamps(2, firstDate)
      return order
    }

    it("lists a customer's own backorders with per-line readiness and the expected date, never another's", async () => {
      const order = await aliceWaits()
      const { data } = await api.get("/store/customers/me/backorders", {
        headers: alice,
      })
      expect(data).toEqual({
        count: 1,
        offset: 0,
        limit: 20,
        backorders: [
          {
            order_id: order.id,
            display_id: order.display_id,
            status: "waiting",
            estimated_at: firstDate,
            lines: [
              {
                line_item_id: order.items[0].id,
                variant_id: lamp.variantId,
                title: "Lamp — Standard",
                quantity: 3,
                quantity_ready: 1,
                quantity_waiting: 2,
                estimated_at: firstDate,
              },
            ],
          },
        ],
      })
      // Nothing about stock rows, locations or the PO.
      expect(JSON.stringify(data)).not.toMatch(/location|sloc_|PO-7|priority/)

      // The same on Medusa's own order route, where the order id is the credential.
      const viaOrder = await eventually(async () => {
        const { data: got } = await api.get(
          `/store/orders/${order.id}?fields=id,+backorder.*`,
          { headers: key() }
        )
        expect(got.order.backorder).toEqual(data.backorders[0])
        return got
      })
      expect(viaOrder.order.id).toBe(order.id)
      const plain = await api.get(`/store/orders/${order.id}`, {
        headers: key(),
      })
      expect(plain.data.order.backorder).toBeUndefined()

      const other = await api.get("/store/customers/me/backorders", {
        headers: bob,
      })
      expect(other.data).toMatchObject({ count: 0, backorders: [] })
      expect(
        (
          await failure(
            api.get("/store/customers/me/backorders", { headers: key() })
          )
        ).status
      ).toBe(401)
      expect(
        (
          await failure(
            api.get("/store/customers/me/backorders", {
              headers: { authorization: alice.authorization },
            })
          )
        ).status
      ).toBe(400)
    })

    it("answers variant availability: in stock, backorder with a date, or no date", async () => {
      await aliceWaits()
      const ask = async () =>
        (
          await api.get(
            `/store/backorders/availability?variant_id=${lamp.variantId}&variant_id=${mug.variantId}`,
            { headers: key() }
          )
        ).data.variants
      // The 2 expected lamps go to Alice's order: a new order gets no date yet.
      expect(await ask()).toEqual([
        {
          variant_id: lamp.variantId,
          available_quantity: 0,
          backorderable: true,
          estimated_at: null,
        },
        {
          variant_id: mug.variantId,
          available_quantity: 5,
          backorderable: true,
          estimated_at: expect.any(String),
        },
      ])
      await expectLamps(5, secondDate)
      expect((await ask())[0]).toMatchObject({
        available_quantity: 0,
        estimated_at: secondDate,
      })
      // What availability said is what an order placed now gets.
      const said = Object.fromEntries(
        (await ask()).map((v: any) => [v.variant_id, v])
      )
      const detected = waitForDetection(getContainer())
      const order = await completeCart(
        as(bob),
        store,
        await prepareCart(as(bob), store, {
          items: [
            { variant_id: mug.variantId, quantity: 1 },
            { variant_id: lamp.variantId, quantity: 1 },
          ],
          email: "bob@example.com",
        })
      )
      await detected
      const { data: bobs } = await api.get("/store/customers/me/backorders", {
        headers: bob,
      })
      const lines = Object.fromEntries(
        bobs.backorders[0].lines.map((l: any) => [l.variant_id, l])
      )
      expect(bobs.backorders[0].order_id).toBe(order.id)
      // The mug was in stock: ready. The lamp was a backorder dated secondDate.
      expect(said[mug.variantId].available_quantity).toBeGreaterThan(0)
      expect(lines[mug.variantId]).toMatchObject({
        quantity_ready: 1,
        quantity_waiting: 0,
      })
      expect(said[lamp.variantId]).toMatchObject({
        available_quantity: 0,
        estimated_at: secondDate,
      })
      expect(lines[lamp.variantId]).toMatchObject({
        quantity_ready: 0,
        quantity_waiting: 1,
        estimated_at: said[lamp.variantId].estimated_at,
      })

      const unknown = await failure(
        api.get("/store/backorders/availability?variant_id=variant_nope", {
          headers: key(),
        })
      )
      expect(unknown.status).toBe(404)
      const missing = await failure(
        api.get("/store/backorders/availability", { headers: key() })
      )
      expect(missing.status).toBe(400)
      expect(missing.data.message).toMatch(/variant_id is required/)
    })

    it("previews a cart's backordered lines, and completing it produces exactly that", async () => {
      const alicesOrder = await aliceWaits()
      await expectLamps(5, secondDate)
      const cartId = await prepareCart(as(bob), store, {
        items: [
          { variant_id: mug.variantId, quantity: 2 },
          { variant_id: lamp.variantId, quantity: 2 },
        ],
        email: "bob@example.com",
      })
      const { data: preview } = await api.get(
        `/store/carts/${cartId}/backorders`,
        { headers: key() }
      )
      const byVariant = Object.fromEntries(
        preview.lines.map((l: any) => [l.variant_id, l])
      )
      expect(byVariant[mug.variantId]).toMatchObject({
        quantity: 2,
        quantity_ready: 2,
        quantity_waiting: 0,
      })
      expect(byVariant[lamp.variantId]).toMatchObject({
        quantity: 2,
        quantity_ready: 0,
        quantity_waiting: 2,
        estimated_at: secondDate,
      })
      expect(preview.estimated_at).toBe(secondDate)

      const detected = waitForDetection(getContainer())
      const order = await completeCart(as(bob), store, cartId)
      await detected
      const backorder = await kit.backorderOf(order.id)
      const lines = Object.fromEntries(
        backorder.lines.map((l: any) => [l.variant_id, l])
      )
      expect(lines[mug.variantId]).toMatchObject({
        quantity: 2,
        quantity_covered: byVariant[mug.variantId].quantity_ready,
      })
      expect(lines[lamp.variantId]).toMatchObject({
        quantity: 2,
        quantity_covered: byVariant[lamp.variantId].quantity_ready,
        quantity_backordered: byVariant[lamp.variantId].quantity_waiting,
      })
      // Bob sees his order, Alice still only hers.
      const { data: mine } = await api.get("/store/customers/me/backorders", {
        headers: bob,
      })
      expect(mine.backorders.map((b: any) => b.order_id)).toEqual([order.id])
      expect(mine.backorders[0].estimated_at).toBe(secondDate)
      const { data: hers } = await api.get("/store/customers/me/backorders", {
        headers: alice,
      })
      expect(hers.backorders.map((b: any) => b.order_id)).toEqual([
        alicesOrder.id,
      ])
      const unknown = await failure(
        api.get("/store/carts/cart_nope/backorders", { headers: key() })
      )
      expect(unknown.status).toBe(404)
    })
  },
})

import { Modules } from "@medusajs/framework/utils"
import { type ProductFixture } from "../../dev/fixtures"
import { backorderSpec } from "../helpers/suite"

const PRIORITY_CHANNEL = "sc_backorders_priority_rules"
const VIP_GROUP = "cusgroup_backorders_vip"

// Module options are read when the app boots, so they are set before the runner loads medusa-config.
process.env.BACKORDERS_OPTIONS = JSON.stringify({
  allocation_policy: "complete",
  priority_rules: [
    { priority: 5, sales_channel_ids: [PRIORITY_CHANNEL] },
    { priority: 8, customer_group_ids: [VIP_GROUP] },
  ],
})

backorderSpec(
  {
    timeout_seconds: 180,
    store: { salesChannelId: PRIORITY_CHANNEL },
    products: ({ locationIds: [location] }) => ({
      desk: {
        title: "Desk",
        sku: "DESK",
        stock: { [location]: 3 },
      },
      chair: {
        title: "Chair",
        sku: "CHAIR",
        stock: { [location]: 0 },
      },
    }),
  },
  (spec) => {
    const { api, kit } = spec
    let headers: Record<string, string>
    let location: string
    let desk: ProductFixture
    let chair: ProductFixture
    beforeAll(() => {
      ;({ headers, location } = spec)
      ;({ desk, chair } = spec.products)
    })

    afterAll(() => {
      delete process.env.BACKORDERS_OPTIONS
    })

    it("gives an order that cannot be completed nothing and lets the stock serve the next order", async () => {
      const set = await kit.order({
        items: [
          { variant_id: desk.variantId, quantity: 2 },
          { variant_id: chair.variantId, quantity: 1 },
        ],
      })
      const backorder = await kit.backorderOf(set.id)
      expect(backorder.status).toBe("backorder")
      // The desks are in stock, but the chair is not: under `complete` the order holds nothing.
      expect(
        backorder.lines.map(
          (l: { quantity_covered: number }) => l.quantity_covered
        )
      ).toEqual([0, 0])
      expect(await kit.level(desk.inventoryItemIds[0], location)).toEqual({
        stocked: 3,
        reserved: 0,
      })

      const single = await kit.order({
        items: [{ variant_id: desk.variantId, quantity: 3 }],
      })
      expect(await kit.backorderOf(single.id)).toBeNull()

      // A chair arrives, but the desks are gone: still waiting, still holding nothing.
      await kit.setStock(chair.inventoryItemIds[0], location, 1)
      const stillWaiting = await kit.backorderOf(set.id)
      expect(stillWaiting.status).toBe("backorder")
      expect(await kit.level(chair.inventoryItemIds[0], location)).toEqual({
        stocked: 1,
        reserved: 0,
      })

      const { data } = await api.get(`/admin/backorders/${backorder.id}`, {
        headers,
      })
      expect(data.backorder.explanation.blocked_by).toEqual([
        {
          inventory_item_id: desk.inventoryItemIds[0],
          missing: 2,
          sku: "DESK",
        },
      ])

      // Two desks arrive: now the whole order can be covered and is released at once.
      await kit.setStock(desk.inventoryItemIds[0], location, 5)
      expect((await kit.backorderOf(set.id)).status).toBe("pending")
      expect(await kit.level(desk.inventoryItemIds[0], location)).toEqual({
        stocked: 5,
        reserved: 5,
      })
      expect(await kit.level(chair.inventoryItemIds[0], location)).toEqual({
        stocked: 1,
        reserved: 1,
      })
    })

    it("ships what is available on request even under complete, while Divide has nothing to ship", async () => {
      const set = await kit.order({
        items: [
          { variant_id: desk.variantId, quantity: 2 },
          { variant_id: chair.variantId, quantity: 1 },
        ],
      })
      const backorder = await kit.backorderOf(set.id)
      const { data: divide } = await api.post(
        "/admin/backorders/divide",
        { backorder_ids: [backorder.id] },
        { headers }
      )
      expect(divide.results[0]).toMatchObject({
        outcome: "skipped",
        reason: expect.stringContaining("complete policy"),
      })

      const { data: send } = await api.post(
        "/admin/backorders/send-available",
        { backorder_ids: [backorder.id] },
        { headers }
      )
      expect(send.results[0]).toMatchObject({ outcome: "divided" })
      const after = await kit.backorderOf(set.id)
      expect(after.lines.map((l: any) => [l.sku, l.quantity_released])).toEqual(
        expect.arrayContaining([
          ["DESK", 2],
          ["CHAIR", 0],
        ])
      )
      // The released desks stay reserved even though the order is still incomplete.
      expect(await kit.level(desk.inventoryItemIds[0], location)).toEqual({
        stocked: 3,
        reserved: 2,
      })
    })

    it("sets the initial priority from the priority rules of the module options", async () => {
      const order = await kit.order({
        items: [{ variant_id: chair.variantId, quantity: 1 }],
      })
      expect(await kit.backorderOf(order.id)).toMatchObject({
        priority: 5,
        sales_channel_id: PRIORITY_CHANNEL,
      })
    })

    it("ranks an order of a customer in a priority rule's customer group by that rule", async () => {
      // A guest checkout with this email is placed for the existing customer.
      const customers = spec.getContainer().resolve(Modules.CUSTOMER)
      // Medusa keeps an id it is given (the options name the group before it exists).
      await customers.createCustomerGroups({
        ...({ id: VIP_GROUP } as object),
        name: "VIP",
      })
      const [vip] = await customers.createCustomers([
        { email: "vip@example.com", first_name: "Vera" },
      ])
      await customers.addCustomerToGroup({
        customer_id: vip.id,
        customer_group_id: VIP_GROUP,
      })
      const order = await kit.order({
        email: "vip@example.com",
        items: [{ variant_id: chair.variantId, quantity: 1 }],
      })
      const { data } = await api.get(
        `/admin/orders/${order.id}?fields=customer_id`,
        { headers }
      )
      expect(data.order.customer_id).toBe(vip.id)
      // Both rules match: the higher one wins.
      expect(await kit.backorderOf(order.id)).toMatchObject({ priority: 8 })
    })
  }
)

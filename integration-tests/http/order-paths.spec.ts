import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { TestEventUtils } from "@medusajs/test-utils"
import {
  createProduct,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import { backorderSpec } from "../helpers/suite"

/**
 * Every way an order reaches Medusa besides checkout (DESIGN D11): claims and
 * exchanges, edits of orders in any state, orders with fulfilled items,
 * converted draft orders, orders created by code, and returns that put stock
 * back. Each ends with the right backorder, reservations that are real stock
 * (reserved ≤ stocked, the level's counter = its rows), and fulfilments of
 * backordered units refused until they are released.
 */
backorderSpec({ timeout_seconds: 300 }, (spec) => {
  const { api, getContainer, kit } = spec
  let store: StoreFixture
  let headers: Record<string, string>
  let location: string
  beforeAll(() => {
    ;({ store, headers, location } = spec)
  })

  const product = (sku: string, stock: number) =>
    createProduct(getContainer(), store, {
      title: sku,
      sku,
      stock: { [location]: stock },
    })

  /** An admin request whose failure names Medusa's answer. */
  const admin = async <T = any>(path: string, body: unknown = {}) => {
    try {
      return (await api.post(path, body, { headers })).data as T
    } catch (error: any) {
      throw new Error(
        `POST ${path} → ${error.response?.status}: ${JSON.stringify(error.response?.data)}`
      )
    }
  }

  const orderItems = async (orderId: string) => {
    const { data } = await getContainer()
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "items.id",
          "items.variant_id",
          "items.quantity",
          "items.detail.fulfilled_quantity",
        ],
        filters: { id: orderId },
      })
    return (data[0] as any).items as {
      id: string
      variant_id: string
      quantity: number
    }[]
  }
  const itemOf = async (orderId: string, variant: ProductFixture) =>
    (await orderItems(orderId)).find((i) => i.variant_id === variant.variantId)!

  const fulfil = (orderId: string, itemId: string, quantity: number) =>
    api
      .post(
        `/admin/orders/${orderId}/fulfillments`,
        { items: [{ id: itemId, quantity }], location_id: location },
        { headers }
      )
      .then(
        (response: { status: number }) => ({
          status: response.status,
          message: "",
        }),
        (error: any) => ({
          status: error.response?.status as number,
          message: error.response?.data?.message as string,
        })
      )

  /** Waits for an order event's subscribers and for the queue to settle. */
  const handled = async (event: string, action: () => Promise<unknown>) => {
    const done = TestEventUtils.waitSubscribersExecution(
      event,
      getContainer().resolve(Modules.EVENT_BUS),
      { timeout: 60000 }
    )
    await action()
    await done
    await kit.settle()
  }

  /** Reservations are real stock on every level the products use. */
  const expectRealStock = async (...products: ProductFixture[]) => {
    const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    for (const p of products) {
      const {
        rows: [row],
      } = await knex.raw(
        `select l.stocked_quantity::int as stocked, l.reserved_quantity::int as reserved,
                  coalesce((select sum(r.quantity)::int from reservation_item r
                            where r.inventory_item_id = l.inventory_item_id
                              and r.location_id = l.location_id and r.deleted_at is null), 0) as rows
             from inventory_level l
            where l.inventory_item_id = ? and l.location_id = ? and l.deleted_at is null`,
        [p.inventoryItemIds[0], location]
      )
      expect({ sku: p.sku, counter: row.reserved }).toEqual({
        sku: p.sku,
        counter: row.rows,
      })
      expect(row.reserved).toBeLessThanOrEqual(row.stocked)
    }
  }

  const lineOf = (backorder: any, variant: ProductFixture) =>
    backorder.lines.find((l: any) => l.variant_id === variant.variantId)

  it("claim: a replacement that is short becomes a backorder and is refused until it is released", async () => {
    const cup = await product("CLAIM-CUP", 1)
    const spare = await product("CLAIM-SPARE", 0)
    const order = await kit.order({
      items: [{ variant_id: cup.variantId, quantity: 1 }],
    })
    const cupItem = await itemOf(order.id, cup)
    expect((await fulfil(order.id, cupItem.id, 1)).status).toBe(200)

    const { claim } = await admin("/admin/claims", {
      type: "replace",
      order_id: order.id,
    })
    await admin(`/admin/claims/${claim.id}/inbound/items`, {
      items: [{ id: cupItem.id, quantity: 1 }],
      location_id: location,
    })
    await admin(`/admin/claims/${claim.id}/outbound/items`, {
      items: [{ variant_id: spare.variantId, quantity: 1 }],
    })
    await admin(`/admin/claims/${claim.id}/outbound/shipping-method`, {
      shipping_option_id: store.standardShippingOptionId,
    })
    await handled("order.claim_created", () =>
      admin(`/admin/claims/${claim.id}/request`)
    )

    const backorder = await kit.backorderOf(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, spare)).toMatchObject({
      quantity: 1,
      quantity_covered: 0,
    })
    // The shipped cup counts as covered and released.
    expect(lineOf(backorder, cup)).toMatchObject({
      quantity: 1,
      quantity_covered: 1,
      quantity_released: 1,
    })
    const spareItem = await itemOf(order.id, spare)
    const refused = await fulfil(order.id, spareItem.id, 1)
    expect(refused.status).toBe(400)
    expect(refused.message).toMatch(/CLAIM-SPARE/)
    await expectRealStock(cup, spare)

    await kit.setStock(spare.inventoryItemIds[0], location, 1)
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "pending",
    })
    expect((await fulfil(order.id, spareItem.id, 1)).status).toBe(200)
    expect(await kit.level(spare.inventoryItemIds[0], location)).toEqual({
      stocked: 0,
      reserved: 0,
    })
    await expectRealStock(cup, spare)
  })

  it("exchange: a short outbound item becomes a backorder and is refused until it is released", async () => {
    const shoe = await product("EXCH-SHOE-9", 1)
    const other = await product("EXCH-SHOE-10", 0)
    const order = await kit.order({
      items: [{ variant_id: shoe.variantId, quantity: 1 }],
    })
    const shoeItem = await itemOf(order.id, shoe)
    expect((await fulfil(order.id, shoeItem.id, 1)).status).toBe(200)

    const { exchange } = await admin("/admin/exchanges", {
      order_id: order.id,
    })
    await admin(`/admin/exchanges/${exchange.id}/inbound/items`, {
      items: [{ id: shoeItem.id, quantity: 1 }],
      location_id: location,
    })
    await admin(`/admin/exchanges/${exchange.id}/outbound/items`, {
      items: [{ variant_id: other.variantId, quantity: 1 }],
    })
    await admin(`/admin/exchanges/${exchange.id}/outbound/shipping-method`, {
      shipping_option_id: store.standardShippingOptionId,
    })
    await handled("order.exchange_created", () =>
      admin(`/admin/exchanges/${exchange.id}/request`)
    )

    const backorder = await kit.backorderOf(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, other)).toMatchObject({
      quantity: 1,
      quantity_covered: 0,
    })
    const otherItem = await itemOf(order.id, other)
    expect((await fulfil(order.id, otherItem.id, 1)).status).toBe(400)
    await expectRealStock(shoe, other)

    await kit.setStock(other.inventoryItemIds[0], location, 1)
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "pending",
    })
    expect((await fulfil(order.id, otherItem.id, 1)).status).toBe(200)
    await expectRealStock(shoe, other)
  })

  /** Adds items to an order through an order edit and confirms it. */
  const editAdd = (
    orderId: string,
    variant: ProductFixture,
    quantity: number
  ) =>
    handled("order-edit.confirmed", async () => {
      await admin("/admin/order-edits", { order_id: orderId })
      await admin(`/admin/order-edits/${orderId}/items`, {
        items: [{ variant_id: variant.variantId, quantity }],
      })
      await admin(`/admin/order-edits/${orderId}/confirm`)
    })

  it("order edit: an in-stock order that gains a short item becomes a backorder", async () => {
    const pen = await product("EDIT-PEN", 5)
    const ink = await product("EDIT-INK", 0)
    const order = await kit.order({
      items: [{ variant_id: pen.variantId, quantity: 1 }],
    })
    expect(await kit.backorderOf(order.id)).toBeNull()
    await editAdd(order.id, ink, 2)

    const backorder = await kit.backorderOf(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, pen)).toMatchObject({
      quantity: 1,
      quantity_covered: 1,
    })
    expect(lineOf(backorder, ink)).toMatchObject({
      quantity: 2,
      quantity_covered: 0,
    })
    const inkItem = await itemOf(order.id, ink)
    expect(await kit.reserved([inkItem.id])).toEqual({})
    await expectRealStock(pen, ink)
  })

  it("order edit: a partially fulfilled order plans only what is left and keeps the shipped units", async () => {
    const bolt = await product("EDIT-BOLT", 2)
    const nut = await product("EDIT-NUT", 0)
    const order = await kit.order({
      items: [{ variant_id: bolt.variantId, quantity: 2 }],
    })
    const boltItem = await itemOf(order.id, bolt)
    expect((await fulfil(order.id, boltItem.id, 1)).status).toBe(200)
    await editAdd(order.id, nut, 1)

    const backorder = await kit.backorderOf(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, bolt)).toMatchObject({
      quantity: 2,
      quantity_covered: 2,
      quantity_released: 1,
    })
    expect(lineOf(backorder, nut)).toMatchObject({
      quantity: 1,
      quantity_covered: 0,
    })
    // The bolt left over from the first shipment is neither released nor
    // backordered-short: it keeps its reservation but waits for the order.
    expect(await kit.reserved([boltItem.id])).toEqual({ [boltItem.id]: 1 })
    expect((await fulfil(order.id, boltItem.id, 1)).status).toBe(400)
    await expectRealStock(bolt, nut)

    await kit.setStock(nut.inventoryItemIds[0], location, 1)
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "pending",
    })
    expect((await fulfil(order.id, boltItem.id, 1)).status).toBe(200)
    await expectRealStock(bolt, nut)
  })

  it("order edit: a released order that gains a short item waits again, its released units stay shippable", async () => {
    const lamp = await product("EDIT-LAMP", 1)
    const shade = await product("EDIT-SHADE", 0)
    const order = await kit.order({
      items: [{ variant_id: lamp.variantId, quantity: 2 }],
    })
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "backorder",
    })
    await kit.setStock(lamp.inventoryItemIds[0], location, 2)
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "pending",
    })

    await editAdd(order.id, shade, 1)
    const backorder = await kit.backorderOf(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, lamp)).toMatchObject({
      quantity: 2,
      quantity_covered: 2,
      quantity_released: 2,
    })
    expect(lineOf(backorder, shade)).toMatchObject({
      quantity: 1,
      quantity_covered: 0,
      quantity_released: 0,
    })
    const lampItem = await itemOf(order.id, lamp)
    const shadeItem = await itemOf(order.id, shade)
    expect((await fulfil(order.id, shadeItem.id, 1)).status).toBe(400)
    expect((await fulfil(order.id, lampItem.id, 2)).status).toBe(200)
    await expectRealStock(lamp, shade)
  })

  it("draft order: converted to an order, its short item becomes a backorder", async () => {
    const desk = await product("DRAFT-DESK", 1)
    const { draft_order } = await admin("/admin/draft-orders", {
      region_id: store.regionId,
      email: "draft@example.com",
      sales_channel_id: store.salesChannelId,
      items: [{ variant_id: desk.variantId, quantity: 3 }],
    })
    // A draft is not an order yet: nothing to plan.
    expect(await kit.backorderOf(draft_order.id)).toBeNull()
    await handled("order.placed", () =>
      admin(`/admin/draft-orders/${draft_order.id}/convert-to-order`)
    )
    const backorder = await kit.backorderOf(draft_order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, desk)).toMatchObject({
      quantity: 3,
      quantity_covered: 1,
    })
    const deskItem = await itemOf(draft_order.id, desk)
    expect(await kit.reserved([deskItem.id])).toEqual({ [deskItem.id]: 1 })
    await expectRealStock(desk)
  })

  it("createOrderWorkflow called by code: the order is planned though Medusa reserves nothing for it", async () => {
    const chair = await product("CODE-CHAIR", 1)
    const { result: order } = await createOrderWorkflow(getContainer()).run({
      input: {
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        email: "code@example.com",
        status: "pending",
        currency_code: store.currencyCode,
        items: [{ variant_id: chair.variantId, quantity: 2 }],
      } as any,
    })
    const backorder = await eventuallyBackorder(order.id)
    expect(backorder).toMatchObject({ status: "backorder" })
    expect(lineOf(backorder, chair)).toMatchObject({
      quantity: 2,
      quantity_covered: 1,
    })
    // The plan reserved the unit it covers: real stock, not a promise.
    const chairItem = await itemOf(order.id, chair)
    expect(await kit.reserved([chairItem.id])).toEqual({ [chairItem.id]: 1 })
    await expectRealStock(chair)

    await kit.setStock(chair.inventoryItemIds[0], location, 2)
    expect(await kit.backorderOf(order.id)).toMatchObject({
      status: "pending",
    })
    expect(await kit.reserved([chairItem.id])).toEqual({ [chairItem.id]: 2 })
    await expectRealStock(chair)
  })

  const eventuallyBackorder = async (orderId: string) => {
    const until = Date.now() + 30000
    for (;;) {
      await kit.settle()
      const backorder = await kit.backorderOf(orderId)
      if (backorder || Date.now() > until) {
        return backorder
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  it("return: items received back into stock release the order waiting for them", async () => {
    const kite = await product("RETURN-KITE", 1)
    const first = await kit.order({
      items: [{ variant_id: kite.variantId, quantity: 1 }],
    })
    const firstItem = await itemOf(first.id, kite)
    expect((await fulfil(first.id, firstItem.id, 1)).status).toBe(200)
    const waiting = await kit.order({
      items: [{ variant_id: kite.variantId, quantity: 1 }],
    })
    expect(await kit.backorderOf(waiting.id)).toMatchObject({
      status: "backorder",
    })

    const { return: ret } = await admin("/admin/returns", {
      order_id: first.id,
      location_id: location,
    })
    await admin(`/admin/returns/${ret.id}/request-items`, {
      items: [{ id: firstItem.id, quantity: 1 }],
    })
    await admin(`/admin/returns/${ret.id}/request`)
    await admin(`/admin/returns/${ret.id}/receive`)
    await admin(`/admin/returns/${ret.id}/receive-items`, {
      items: [{ id: firstItem.id, quantity: 1 }],
    })
    const restocked = kit.waitForInventory()
    await admin(`/admin/returns/${ret.id}/receive/confirm`)
    await restocked

    expect(await kit.backorderOf(waiting.id)).toMatchObject({
      status: "pending",
    })
    expect(await kit.level(kite.inventoryItemIds[0], location)).toEqual({
      stocked: 1,
      reserved: 1,
    })
    await expectRealStock(kite)
  })
})

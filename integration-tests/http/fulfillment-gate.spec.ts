import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WorkflowManager } from "@medusajs/framework/orchestration"
import { createOrderFulfillmentWorkflow } from "@medusajs/medusa/core-flows"
import { type ProductFixture } from "../../dev/fixtures"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../src/modules/backorder"
import {
  FULFILLMENT_GATE_RELEASE_STEP,
  FULFILLMENT_GATE_STEP,
} from "../../src/workflows/fulfillment-gate"
import { backorderSpec } from "../helpers/suite"

// The merchant's app keeps the workflow's one hook: this suite takes it and
// counts the fulfilments it sees.
const hookCalls: string[] = []
createOrderFulfillmentWorkflow.hooks.fulfillmentCreated(({ fulfillment }) => {
  hookCalls.push(fulfillment.id)
})

backorderSpec(
  {
    products: ({ locationIds: [location] }) => ({
      mug: {
        title: "Mug",
        sku: "MUG",
        stock: { [location]: 2 },
      },
      lamp: {
        title: "Lamp",
        sku: "LAMP",
        stock: { [location]: 10 },
      },
      vase: {
        title: "Vase",
        sku: "VASE",
        stock: { [location]: 10 },
      },
      globe: {
        title: "Globe",
        sku: "GLOBE",
        stock: { [location]: 0 },
      },
    }),
  },
  (spec) => {
    const { api, getContainer, kit } = spec
    let headers: Record<string, string>
    let location: string
    let mug: ProductFixture
    let lamp: ProductFixture
    let vase: ProductFixture
    let globe: ProductFixture
    beforeAll(() => {
      ;({ headers, location } = spec)
      ;({ mug, lamp, vase, globe } = spec.products)
    })

    const itemOf = (
      order: { items: { id: string; variant_id: string }[] },
      variantId: string
    ) => order.items.find((item) => item.variant_id === variantId)!.id

    /** Fires the requests at once; answers the statuses and the failures' messages. */
    const race = async (
      requests: (() => Promise<{ status: number }>)[]
    ): Promise<{ status: number; message?: string }[]> =>
      Promise.all(
        requests.map((send) =>
          send().then(
            (response) => ({ status: response.status }),
            (error) => ({
              status: error.response?.status ?? 0,
              message: error.response?.data?.message,
            })
          )
        )
      )

    const fulfil = (orderId: string, itemId: string, quantity: number) => () =>
      api.post(
        `/admin/orders/${orderId}/fulfillments`,
        { items: [{ id: itemId, quantity }], location_id: location },
        { headers }
      )

    const fulfilledQuantities = async (orderId: string) => {
      const { data } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({
          entity: "order",
          fields: [
            "items.id",
            "items.detail.fulfilled_quantity",
            "fulfillments.id",
          ],
          filters: { id: orderId },
        })
      const order = data[0] as any
      return {
        fulfillments: (order.fulfillments ?? []).length,
        items: Object.fromEntries(
          (order.items ?? []).map((item: any) => [
            item.id,
            Number(item.detail?.fulfilled_quantity ?? 0),
          ])
        ),
      }
    }

    const locksLeft = async () =>
      (
        await getContainer()
          .resolve(ContainerRegistrationKeys.PG_CONNECTION)
          .raw("select count(*)::int as n from backorder_fulfillment_lock")
      ).rows[0].n

    it("runs inside Medusa's create-order-fulfillment workflow, first and last, leaving its hook to the app", () => {
      const flow = JSON.stringify(
        WorkflowManager.getWorkflow(createOrderFulfillmentWorkflow.getName())
          .flow_
      )
      expect(flow.indexOf(FULFILLMENT_GATE_STEP)).toBeGreaterThan(-1)
      expect(flow.indexOf(FULFILLMENT_GATE_STEP)).toBeLessThan(
        flow.indexOf('"get-order"')
      )
      expect(flow.indexOf(FULFILLMENT_GATE_RELEASE_STEP)).toBeGreaterThan(
        flow.indexOf('"fulfillmentCreated"')
      )
    })

    it("ships released units once when three fulfilments race for them", async () => {
      // 4 ordered, 2 in stock: a backorder covering 2; Divide releases them.
      const order = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 4 }],
      })
      const mugItem = itemOf(order, mug.variantId)
      const backorder = await kit.backorderOf(order.id)
      expect(backorder.lines[0]).toMatchObject({
        quantity: 4,
        quantity_covered: 2,
      })
      await api.post(
        "/admin/backorders/divide",
        { backorder_ids: [backorder.id] },
        { headers }
      )
      expect((await kit.backorderOf(order.id)).lines[0]).toMatchObject({
        quantity_released: 2,
      })

      const hooksBefore = hookCalls.length
      const results = await race([
        fulfil(order.id, mugItem, 2),
        fulfil(order.id, mugItem, 2),
        fulfil(order.id, mugItem, 2),
      ])
      expect(results.filter((r) => r.status === 200)).toHaveLength(1)
      const refused = results.filter((r) => r.status !== 200)
      expect(refused).toHaveLength(2)
      for (const refusal of refused) {
        expect(refusal.status).toBe(400)
        expect(refusal.message).toMatch(/SKU MUG/)
      }
      // 2 stocked − 2 released = 0, never below.
      expect(await kit.level(mug.inventoryItemIds[0], location)).toEqual({
        stocked: 0,
        reserved: 0,
      })
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 1,
        items: { [mugItem]: 2 },
      })
      expect(hookCalls.length - hooksBefore).toBe(1)
      expect(await locksLeft()).toBe(0)
    })

    it("never fulfils an in-stock line beyond its quantity, however many requests race", async () => {
      const order = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 2 }],
      })
      const lampItem = itemOf(order, lamp.variantId)
      expect(await kit.backorderOf(order.id)).toBeNull()

      const results = await race([
        fulfil(order.id, lampItem, 2),
        fulfil(order.id, lampItem, 2),
        fulfil(order.id, lampItem, 2),
      ])
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400])
      expect(results.find((r) => r.status === 400)!.message).toMatch(
        /cannot ship more than is left to fulfil — "Lamp.*" \(SKU LAMP\): 2 requested, 0 left \(2 ordered, 2 fulfilled\)/
      )
      expect(await kit.level(lamp.inventoryItemIds[0], location)).toEqual({
        stocked: 8,
        reserved: 0,
      })
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 1,
        items: { [lampItem]: 2 },
      })
    })

    it("serialises fulfilments of different lines of one order, so neither is lost", async () => {
      const order = await kit.order({
        items: [
          { variant_id: lamp.variantId, quantity: 1 },
          { variant_id: vase.variantId, quantity: 1 },
        ],
      })
      const lampItem = itemOf(order, lamp.variantId)
      const vaseItem = itemOf(order, vase.variantId)
      const results = await race([
        fulfil(order.id, lampItem, 1),
        fulfil(order.id, vaseItem, 1),
      ])
      expect(results.map((r) => r.status)).toEqual([200, 200])
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 2,
        items: { [lampItem]: 1, [vaseItem]: 1 },
      })
      const { data } = await api.get(
        `/admin/orders/${order.id}?fields=fulfillment_status`,
        { headers }
      )
      expect(data.order.fulfillment_status).toBe("fulfilled")
    })

    it("refuses a direct createOrderFulfillmentWorkflow call for backordered units, writing nothing", async () => {
      const order = await kit.order({
        items: [{ variant_id: globe.variantId, quantity: 1 }],
      })
      const globeItem = itemOf(order, globe.variantId)
      expect((await kit.backorderOf(order.id)).status).toBe("backorder")

      await expect(
        createOrderFulfillmentWorkflow(getContainer()).run({
          input: {
            order_id: order.id,
            items: [{ id: globeItem, quantity: 1 }],
            location_id: location,
          },
        })
      ).rejects.toMatchObject({
        type: "not_allowed",
        message: expect.stringMatching(
          /is backordered .*"Globe.*" \(SKU GLOBE\): 1 backordered/
        ),
      })
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 0,
        items: { [globeItem]: 0 },
      })
      expect(await locksLeft()).toBe(0)
    })

    it("answers 409 and writes nothing while a live holder keeps the order's fulfilment lock past the wait", async () => {
      const service =
        getContainer().resolve<BackorderModuleService>(BACKORDER_MODULE)
      const order = await kit.order({
        items: [{ variant_id: vase.variantId, quantity: 1 }],
      })
      const item = itemOf(order, vase.variantId)
      // Another process is creating a fulfilment of this order, for longer
      // than the gate waits (fulfillment_wait_seconds, 10 s by default).
      expect(
        await service.acquireFulfillmentLock(order.id, "busy-worker", 120)
      ).toBe(true)
      const asked = Date.now()
      const [refused] = await race([fulfil(order.id, item, 1)])
      expect(refused.status).toBe(409)
      // The gate's conflict, not another one: it waited for the lock first.
      expect(Date.now() - asked).toBeGreaterThanOrEqual(9500)
      // Medusa's error handler answers every CONFLICT with its own message
      // (the gate's, naming the order and when it is free again, goes to
      // the server log).
      expect(refused.message).toBe(
        "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."
      )
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 0,
        items: { [item]: 0 },
      })
      // The holder's lock is untouched; once it is given back, the same
      // request goes through and the gate leaves no lock behind.
      expect((await service.getFulfillmentLock(order.id))?.owner).toBe(
        "busy-worker"
      )
      expect(
        await service.releaseFulfillmentLock(order.id, "busy-worker")
      ).toBe(true)
      expect(await race([fulfil(order.id, item, 1)])).toEqual([{ status: 200 }])
      expect(await fulfilledQuantities(order.id)).toEqual({
        fulfillments: 1,
        items: { [item]: 1 },
      })
      expect(await locksLeft()).toBe(0)
    })

    it("takes over an order's fulfilment lock whose holder died once its lease ran out", async () => {
      const service =
        getContainer().resolve<BackorderModuleService>(BACKORDER_MODULE)
      const order = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      // A process took the lock and died: its lease runs out in 1 s.
      expect(
        await service.acquireFulfillmentLock(order.id, "dead-worker", 1)
      ).toBe(true)
      const results = await race([
        fulfil(order.id, itemOf(order, lamp.variantId), 1),
      ])
      expect(results).toEqual([{ status: 200 }])
      expect(await locksLeft()).toBe(0)
    })
  }
)

import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import { type ProductFixture } from "../../dev/fixtures"
import { setTimeout as sleep } from "node:timers/promises"
import { resetFailpoints } from "../../src/workflows/backorder/engine/failpoints"
import { asPlan } from "../../src/workflows/backorder/engine/plan-activity"
import { eventually, inDays } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"

// Read by medusa-config when the app boots: the demo's outbox provider
// writes the "email" channel's messages here.
const outbox = mkdtempSync(join(tmpdir(), "backorders-outbox-"))
process.env.BACKORDERS_OUTBOX = outbox

/**
 * Customer notifications through Medusa's Notification Module (DESIGN D12):
 * one per order and state, with the waiting items and the estimated date;
 * replays send nothing; a moved estimate is told when it moved by more than
 * the configured days; a failing provider leaves the backorder correct.
 */
backorderSpec(
  {
    products: ({ locationIds: [location] }) => ({
      kite: {
        title: "Kite",
        sku: "KITE",
        stock: { [location]: 0 },
      },
    }),
  },
  (spec) => {
    const { api, getContainer, kit } = spec
    let headers: Record<string, string>
    let location: string
    let kite: ProductFixture
    beforeAll(() => {
      ;({ headers, location } = spec)
      ;({ kite } = spec.products)
    })
    afterEach(() => {
      delete process.env.BACKORDERS_FAILPOINTS
      resetFailpoints()
    })

    const notificationsTo = async (email: string) =>
      (
        await getContainer()
          .resolve(Modules.NOTIFICATION)
          .listNotifications({ to: email }, { order: { created_at: "ASC" } })
      ).map((n) => ({
        template: n.template,
        status: n.status,
        data: n.data as Record<string, any>,
      }))
    const expectArrival = (quantity: number, expected_at: string) =>
      api
        .post(
          "/admin/backorders/arrivals",
          {
            inventory_item_id: kite.inventoryItemIds[0],
            location_id: location,
            quantity,
            expected_at,
          },
          { headers }
        )
        .then((r: { data: any }) => r.data.arrival)
    const handled = (event: string) =>
      TestEventUtils.waitSubscribersExecution(
        event,
        getContainer().resolve(Modules.EVENT_BUS),
        { timeout: 30000 }
      )

    /** Places an order of one kite (none in stock) and waits until its customer is told it is backordered. */
    const backorderedKite = async (email: string) => {
      const created = handled("backorder.created")
      const order = await kit.order({
        items: [{ variant_id: kite.variantId, quantity: 1 }],
        email,
      })
      await created
      await eventually(async () =>
        expect(await notificationsTo(email)).toHaveLength(1)
      )
      return order
    }

    it("tells the customer once that the order is backordered, with the date, then once that it is ready", async () => {
      const date = inDays(6)
      const arrival = await expectArrival(2, date)
      const email = "ann@example.com"
      const created = handled("backorder.created")
      const order = await kit.order({
        items: [{ variant_id: kite.variantId, quantity: 2 }],
        email,
      })
      await created
      const backordered = await eventually(async () => {
        const sent = await notificationsTo(email)
        expect(sent).toHaveLength(1)
        return sent[0]
      })
      expect(backordered).toMatchObject({
        template: "backorder-created",
        status: "success",
        data: {
          order_id: order.id,
          display_id: order.display_id,
          status: "waiting",
          estimated_at: date,
          items: [
            {
              title: "Kite — Standard",
              sku: "KITE",
              quantity: 2,
              quantity_waiting: 2,
            },
          ],
        },
      })
      // The admin list shows the stored date too.
      expect(await kit.backorderOf(order.id)).toMatchObject({
        estimated_at: date,
        estimate_reason: null,
      })
      // Delivered where a person can read it.
      const files = readdirSync(outbox)
      expect(files.some((f) => f.endsWith("backorder-created.json"))).toBe(true)
      expect(
        JSON.parse(
          readFileSync(
            join(
              outbox,
              files.find((f) => f.endsWith("backorder-created.json"))!
            ),
            "utf8"
          )
        )
      ).toMatchObject({ to: email, data: { order_id: order.id } })

      // A replayed event sends nothing.
      const backorder = await kit.backorderOf(order.id)
      const replay = handled("backorder.created")
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit({
          name: "backorder.created",
          data: { id: backorder.id, order_id: order.id },
        })
      await replay
      expect(await notificationsTo(email)).toHaveLength(1)

      // The arrival comes: released, told once.
      const released = handled("backorder.released")
      await api.post(
        `/admin/backorders/arrivals/${arrival.id}/receive`,
        {},
        { headers }
      )
      await released
      await kit.settle()
      const sent = await eventually(async () => {
        const all = await notificationsTo(email)
        expect(all).toHaveLength(2)
        return all
      })
      expect(sent[1]).toMatchObject({
        template: "backorder-released",
        status: "success",
        data: { order_id: order.id, status: "ready" },
      })
      const replayReleased = handled("backorder.released")
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit({
          name: "backorder.released",
          data: { id: backorder.id, order_id: order.id },
        })
      await replayReleased
      expect(await notificationsTo(email)).toHaveLength(2)
    })

    it("tells the customer when the date moves by more than the configured days, not for a day", async () => {
      const date = inDays(5)
      const arrival = await expectArrival(1, date)
      const email = "ben@example.com"
      const order = await backorderedKite(email)

      // One day later: within the 2 days, the stored date moves, nobody is told.
      const small = handled("backorder.estimate_changed")
      await api.post(
        `/admin/backorders/arrivals/${arrival.id}`,
        { expected_at: inDays(6) },
        { headers }
      )
      await small
      expect(await kit.backorderOf(order.id)).toMatchObject({
        estimated_at: inDays(6),
      })
      expect(await notificationsTo(email)).toHaveLength(1)

      // A week later: told, with the date they had.
      const big = handled("backorder.estimate_changed")
      await api.post(
        `/admin/backorders/arrivals/${arrival.id}`,
        { expected_at: inDays(13) },
        { headers }
      )
      await big
      const sent = await eventually(async () => {
        const all = await notificationsTo(email)
        expect(all).toHaveLength(2)
        return all
      })
      expect(sent[1]).toMatchObject({
        template: "backorder-estimate-changed",
        data: {
          order_id: order.id,
          estimated_at: inDays(13),
          previous_estimated_at: inDays(6),
        },
      })
    })

    it("keeps the backorder right when the provider fails, and sends on a replay once it works", async () => {
      process.env.BACKORDERS_FAILPOINTS = "notification=throw"
      const email = "cat@example.com"
      const created = handled("backorder.created")
      const order = await kit.order({
        items: [{ variant_id: kite.variantId, quantity: 3 }],
        email,
      })
      await created
      await kit.settle()
      expect(await kit.backorderOf(order.id)).toMatchObject({
        status: "backorder",
        lines: [expect.objectContaining({ quantity: 3, quantity_covered: 0 })],
      })
      await eventually(async () =>
        expect(await notificationsTo(email)).toEqual([
          expect.objectContaining({
            template: "backorder-created",
            status: "failure",
          }),
        ])
      )

      delete process.env.BACKORDERS_FAILPOINTS
      const backorder = await kit.backorderOf(order.id)
      const replay = handled("backorder.created")
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .emit({
          name: "backorder.created",
          data: { id: backorder.id, order_id: order.id },
        })
      await replay
      await eventually(async () =>
        expect((await notificationsTo(email)).map((n) => n.status)).toContain(
          "success"
        )
      )
    })

    it("holds a release's notification while a plan of this process still runs, and sends it when it ends", async () => {
      const arrival = await expectArrival(1, inDays(3))
      const email = "dee@example.com"
      const placed = await backorderedKite(email)

      // A plan of this process (as a slice of a long release would be) runs
      // while the arrival releases the order.
      let finish!: () => void
      const plan = asPlan(() => new Promise<void>((r) => (finish = r)))
      const released = handled("backorder.released")
      await api.post(
        `/admin/backorders/arrivals/${arrival.id}/receive`,
        {},
        { headers }
      )
      await eventually(async () =>
        expect((await kit.backorderOf(placed.id)).status).toBe("pending")
      )
      // Released, and its notification waits (it would wait 10 s at most).
      await sleep(1000)
      expect(await notificationsTo(email)).toHaveLength(1)

      finish()
      await plan
      await released
      await eventually(async () =>
        expect((await notificationsTo(email)).map((n) => n.template)).toEqual([
          "backorder-created",
          "backorder-released",
        ])
      )
    })
  }
)

import { InventoryEvents, Modules } from "@medusajs/framework/utils"
import { type ProductFixture } from "../../dev/fixtures"
import { eventually, failure } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"
import backordersSweepJob from "../../src/jobs/backorders-sweep"

backorderSpec(
  {
    timeout_seconds: 180,
    products: ({ locationIds: [location] }) => ({
      shirt: {
        title: "Linen Shirt",
        sku: "SHIRT-M",
        stock: { [location]: 1 },
      },
    }),
  },
  (spec) => {
    const { api, getContainer, dbConnection, kit } = spec
    let headers: Record<string, string>
    let location: string
    let shirt: ProductFixture
    beforeAll(() => {
      ;({ headers, location } = spec)
      ;({ shirt } = spec.products)
    })

    describe("detect", () => {
      it("turns an order for 3 with 1 in stock into a backorder covered 1 / backordered 2", async () => {
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 3 }],
        })

        const backorder = await kit.backorderOf(order.id)
        expect(backorder).toMatchObject({
          order_id: order.id,
          display_id: order.display_id,
          status: "backorder",
          status_code: 7,
          priority: 0,
          pendingprocess: null,
          released_at: null,
          lines: [
            {
              line_item_id: order.items[0].id,
              variant_id: shirt.variantId,
              sku: "SHIRT-M",
              quantity: 3,
              quantity_covered: 1,
              quantity_backordered: 2,
            },
          ],
        })
        expect(await kit.reserved([order.items[0].id])).toEqual({
          [order.items[0].id]: 1,
        })
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 1,
          reserved: 1,
        })
      })

      it("gives an order fully in stock no backorder and keeps its reservation", async () => {
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        expect(await kit.backorderOf(order.id)).toBeNull()
        expect(await kit.reserved([order.items[0].id])).toEqual({
          [order.items[0].id]: 1,
        })
      })

      it("does not let a new order take stock an older backorder waits for", async () => {
        const first = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        await kit.setStock(shirt.inventoryItemIds[0], location, 2)
        // 2 in stock: the first order (waiting for 2) takes both and is released.
        expect((await kit.backorderOf(first.id)).status).toBe("pending")

        const second = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        const third = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        await kit.setStock(shirt.inventoryItemIds[0], location, 3)
        // One unit arrives: it goes to the second order, not to the newer third one.
        expect((await kit.backorderOf(second.id)).status).toBe("pending")
        const waiting = await kit.backorderOf(third.id)
        expect(waiting.status).toBe("backorder")
        expect(waiting.lines[0].quantity_covered).toBe(0)
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 3,
          reserved: 3,
        })
      })
    })

    describe("release", () => {
      it("releases in rank order: priority 10 before an older priority 0, then the older before the newer", async () => {
        await kit.setStock(shirt.inventoryItemIds[0], location, 0)
        const older = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        const vip = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        const newest = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })

        const vipBackorder = await kit.backorderOf(vip.id)
        const { data: prioritised } = await api.post(
          `/admin/backorders/${vipBackorder.id}/priority`,
          { priority: 10 },
          { headers }
        )
        expect(prioritised.backorder).toMatchObject({
          id: vipBackorder.id,
          priority: 10,
        })

        const { data: list } = await api.get(
          "/admin/backorders?status=backorder",
          { headers }
        )
        expect(
          list.backorders.map((b: { order_id: string }) => b.order_id)
        ).toEqual([vip.id, older.id, newest.id])

        await kit.setStock(shirt.inventoryItemIds[0], location, 2)
        expect((await kit.backorderOf(vip.id)).status).toBe("pending")
        expect(
          (await kit.backorderOf(older.id)).lines[0].quantity_covered
        ).toBe(0)

        await kit.setStock(shirt.inventoryItemIds[0], location, 5)
        const olderAfter = await kit.backorderOf(older.id)
        expect(olderAfter.status).toBe("pending")
        expect(olderAfter.released_at).not.toBeNull()
        // The next in line stays backordered with what is left (1 of 2).
        const newestAfter = await kit.backorderOf(newest.id)
        expect(newestAfter).toMatchObject({
          status: "backorder",
          lines: [{ quantity_covered: 1, quantity_backordered: 1 }],
        })
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 5,
          reserved: 5,
        })
        expect(
          await kit.reserved([
            vip.items[0].id,
            older.items[0].id,
            newest.items[0].id,
          ])
        ).toEqual({
          [vip.items[0].id]: 2,
          [older.items[0].id]: 2,
          [newest.items[0].id]: 1,
        })
      })

      it("releases when an importer changes stock through the inventory module (module event only)", async () => {
        const container = getContainer()
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 3 }],
        })
        const done = kit.waitForInventory([
          InventoryEvents.INVENTORY_LEVEL_UPDATED,
        ])
        await container.resolve(Modules.INVENTORY).updateInventoryLevels([
          {
            inventory_item_id: shirt.inventoryItemIds[0],
            location_id: location,
            stocked_quantity: 3,
          },
        ])
        await done
        // Other level events (the checkout's own reservation) may be the one
        // `done` saw: wait for the outcome, not for a particular event.
        await eventually(async () => {
          await kit.settle()
          expect((await kit.backorderOf(order.id)).status).toBe("pending")
        })
      })

      it("answers what moved on a manual release run and changes nothing when run again", async () => {
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 3 }],
        })
        const backorder = await kit.backorderOf(order.id)
        // Stock written behind Medusa's back (no event at all): only a release run sees it.
        await kit.setStockWithoutEvent(shirt.inventoryItemIds[0], location, 3)
        const { data: first } = await api.post(
          "/admin/backorders/release",
          {},
          { headers }
        )
        const { data: second } = await api.post(
          "/admin/backorders/release",
          {},
          { headers }
        )
        expect(first.released).toEqual([
          { id: backorder.id, order_id: order.id },
        ])
        expect(first.reservations).toEqual({
          created: 0,
          updated: 1,
          deleted: 0,
        })
        expect(second).toEqual({
          created: [],
          released: [],
          canceled: [],
          reservations: { created: 0, updated: 0, deleted: 0 },
          queued_for_retry: 0,
        })
        expect((await kit.backorderOf(order.id)).status).toBe("pending")
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 3,
          reserved: 3,
        })
      })
    })

    describe("fulfillment gate", () => {
      it("refuses to fulfil backordered units with a message naming them, and fulfils once released", async () => {
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 3 }],
        })
        const refused = await failure(
          api.post(
            `/admin/orders/${order.id}/fulfillments`,
            {
              items: [{ id: order.items[0].id, quantity: 1 }],
              location_id: location,
            },
            { headers }
          )
        )
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain(
          `Order #${order.display_id} is backordered`
        )
        expect(refused.data.message).toContain("SKU SHIRT-M")
        expect(refused.data.message).toContain("2 backordered")

        await kit.setStock(shirt.inventoryItemIds[0], location, 3)
        await api.post(
          `/admin/orders/${order.id}/fulfillments`,
          {
            items: [{ id: order.items[0].id, quantity: 3 }],
            location_id: location,
          },
          { headers }
        )
        const { data } = await api.get(
          `/admin/orders/${order.id}?fields=id,*fulfillments,*items`,
          { headers }
        )
        expect(data.order.fulfillments).toHaveLength(1)
        expect(data.order.items[0].detail.fulfilled_quantity).toBe(3)
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 0,
          reserved: 0,
        })
      })
    })

    describe("cancellation", () => {
      it("cancels the backorder and hands its units to the next in line", async () => {
        const first = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        const second = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        expect(
          (await kit.backorderOf(first.id)).lines[0].quantity_covered
        ).toBe(1)

        await kit.cancel(first.id)
        const second_ = await kit.backorderOf(second.id)
        expect((await kit.backorderOf(first.id)).status).toBe("canceled")
        expect(second_.status).toBe("pending")
        expect(
          await kit.reserved([first.items[0].id, second.items[0].id])
        ).toEqual({
          [second.items[0].id]: 1,
        })
        const { data: summary } = await api.get("/admin/backorders/summary", {
          headers,
        })
        expect(summary.counts).toMatchObject({
          backorder: 0,
          pending: 1,
          canceled: 1,
        })

        // The 10-second job folds the tally the counts come from into one
        // row per status (three pairs of rows that cancel out make sure it
        // has rows to fold); the counts stay those of the backorders.
        const tallyRows = async () =>
          (
            await dbConnection.raw(
              "select count(*)::int as n from backorder_status_tally"
            )
          ).rows[0].n
        await dbConnection.raw(
          `insert into backorder_status_tally (status, backorders)
           values ('pending', 1), ('pending', -1), ('pending', 1),
             ('pending', -1), ('pending', 1), ('pending', -1)`
        )
        await backordersSweepJob(getContainer())
        expect(await tallyRows()).toBe(2)
        const { data: folded } = await api.get("/admin/backorders/summary", {
          headers,
        })
        expect(folded.counts).toEqual(summary.counts)
      })

      it("takes back a unit a plan covered while Medusa canceled the order (an order with no backorder)", async () => {
        const first = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        const second = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        expect(await kit.backorderOf(first.id)).toBeNull()
        await kit.cancel(first.id)
        expect((await kit.backorderOf(second.id)).status).toBe("pending")

        // Medusa's cancel deletes the order's reservations, then runs its
        // payment steps, and only then marks the order canceled: a plan that
        // read the order in between covered it again as a new order.
        await kit.setStock(shirt.inventoryItemIds[0], location, 2)
        const inventory = getContainer().resolve(Modules.INVENTORY)
        await inventory.createReservationItems([
          {
            line_item_id: first.items[0].id,
            inventory_item_id: shirt.inventoryItemIds[0],
            location_id: location,
            quantity: 1,
            metadata: { backorders_checked: true },
          },
        ])
        await kit.settle()
        // order.canceled, handled after that plan: the canceled order holds nothing.
        await getContainer()
          .resolve(Modules.EVENT_BUS)
          .emit({ name: "order.canceled", data: { id: first.id } })
        await kit.settle()
        expect(
          await kit.reserved([first.items[0].id, second.items[0].id])
        ).toEqual({ [second.items[0].id]: 1 })
        expect(await kit.level(shirt.inventoryItemIds[0], location)).toEqual({
          stocked: 2,
          reserved: 1,
        })
      })
    })

    describe("admin API", () => {
      it("answers 401 without a session, 404 for an unknown backorder and 400 for a malformed body", async () => {
        expect((await failure(api.get("/admin/backorders"))).status).toBe(401)
        const missing = await failure(
          api.get("/admin/backorders/bo_missing", { headers })
        )
        expect(missing.status).toBe(404)
        expect(missing.data.message).toContain("bo_missing")
        const bad = await failure(
          api.post(
            "/admin/backorders/bo_missing/priority",
            { priority: "high" },
            { headers }
          )
        )
        expect(bad.status).toBe(400)
        const badStatus = await failure(
          api.get("/admin/backorders?status=lost", { headers })
        )
        expect(badStatus.status).toBe(400)
      })

      it("filters the list by several statuses, SKU and search, in rank order", async () => {
        const first = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 1 }],
        })
        const second = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
          email: "second.buyer@example.com",
        })
        const third = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        await kit.cancel(third.id)
        const get = async (query: string) =>
          (
            await api.get(`/admin/backorders?${query}`, { headers })
          ).data.backorders.map((b: any) => b.order_id)

        expect(await kit.backorderOf(first.id)).toBeNull()
        expect(await get("status=backorder,canceled")).toEqual([
          second.id,
          third.id,
        ])
        expect(await get("status=backorder")).toEqual([second.id])
        expect(await get("sku=SHIRT-M")).toEqual([second.id, third.id])
        expect(await get("sku=NOPE")).toEqual([])
        // "#12" finds order #12 (a bare number could also match digits in an email).
        expect(await get(`q=%23${second.display_id}`)).toEqual([second.id])
        expect(await get("q=second.buyer")).toEqual([second.id])
        expect(await get("q=linen")).toEqual([second.id, third.id])
        const { data: page } = await api.get(
          "/admin/backorders?limit=1&offset=1",
          { headers }
        )
        expect(page).toMatchObject({
          count: 2,
          offset: 1,
          limit: 1,
          backorders: [{ order_id: third.id }],
        })
        // Keyset pages: each `next_cursor` leads to the next order in rank.
        const keyset = async (after?: string) =>
          (
            await api.get(
              `/admin/backorders?limit=1${after ? `&after=${after}` : ""}`,
              { headers }
            )
          ).data
        const one = await keyset()
        const two = await keyset(one.next_cursor)
        const three = await keyset(two.next_cursor)
        expect(
          [one, two, three].map((p) => p.backorders.map((b: any) => b.order_id))
        ).toEqual([[second.id], [third.id], []])
        expect(three.next_cursor).toBeNull()
        expect(
          (
            await failure(
              api.get("/admin/backorders?after=bm90LWEtY3Vyc29y", { headers })
            )
          ).status
        ).toBe(400)
      })

      it("leaves reservations and records as they were when a write fails half-way", async () => {
        await kit.setStock(shirt.inventoryItemIds[0], location, 0)
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        const before = await kit.backorderOf(order.id)
        // The planner reads 2 in stock, but Medusa's own stock check (raw column) still sees 0,
        // so creating the reservation fails inside the workflow.
        await dbConnection.raw(
          `update inventory_level set stocked_quantity = 2 where inventory_item_id = ? and location_id = ?`,
          [shirt.inventoryItemIds[0], location]
        )
        const { data: failed } = await api.post(
          "/admin/backorders/release",
          {},
          { headers }
        )
        // The failure is not lost: the item stays queued with its error.
        expect(failed).toMatchObject({ released: [], queued_for_retry: 1 })
        const { data: trouble } = await api.get(
          "/admin/backorders/troubleshooting",
          { headers }
        )
        expect(trouble.queue).toMatchObject({ depth: 1, failing: 1 })
        expect(trouble.queue.failing_changes).toEqual([
          expect.objectContaining({
            inventory_item_id: shirt.inventoryItemIds[0],
            attempts: 1,
            last_error: expect.stringMatching(/inventory|stock|quantity/i),
          }),
        ])
        expect(await kit.backorderOf(order.id)).toEqual(before)
        expect(await kit.reserved([order.items[0].id])).toEqual({})
        const { data } = await api.get(`/admin/backorders/${before.id}`, {
          headers,
        })
        expect(
          data.backorder.events.map((e: { type: string }) => e.type)
        ).toEqual(["created"])
      })

      it("shows the detail with audit events and the planner's explanation", async () => {
        const order = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 3 }],
        })
        const later = await kit.order({
          items: [{ variant_id: shirt.variantId, quantity: 2 }],
        })
        const backorder = await kit.backorderOf(later.id)
        const { data } = await api.get(`/admin/backorders/${backorder.id}`, {
          headers,
        })
        expect(
          data.backorder.events.map((e: { type: string }) => e.type)
        ).toEqual(["created"])
        expect(data.backorder.explanation).toMatchObject({
          releasable: false,
          lines: [
            {
              reason: "waiting_for_stock",
              queue_position: 2,
              units_ahead: 2,
              blocking: [
                {
                  sku: "SHIRT-M",
                  missing: 2,
                  units_ahead: 2,
                  needed_to_cover: 4,
                },
              ],
            },
          ],
        })
        expect(data.backorder.explanation.summary).toContain("SHIRT-M")
        void order
      })
    })
  }
)

import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import {
  createInventoryLevelsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"
import { setTimeout as sleep } from "timers/promises"
import { type ProductFixture } from "../../dev/fixtures"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../src/modules/backorder"
import {
  createNetworkDivideJobWorkflow,
  drainBackorderChanges,
  processBackorderChangesWorkflow,
  resetFailpoints,
  runBackorderPlan,
  sweepBackordersWorkflow,
} from "../../src/workflows"
import { placeOrders } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"

// Short leases so a "crashed" writer's claim lapses within the test.
process.env.BACKORDERS_OPTIONS = JSON.stringify({
  lock_lease_seconds: 2,
  job_step_attempts: 3,
  // Large releases in slices of 100 (the default is 1,000).
  release_slice_size: 100,
})

/**
 * Fault injection on the change queue (DESIGN D8): lost events, a writer that
 * dies between its reservation and record writes, a job step that keeps
 * failing, duplicated and reordered triggers.
 */
backorderSpec(
  {
    network: true,
    products: ({ locationIds: [main], networkLocationIds: [partner] }) => ({
      mug: { title: "Mug", sku: "MUG", stock: { [main]: 1 } },
      lamp: { title: "Lamp", sku: "LAMP", stock: { [main]: 0, [partner]: 3 } },
      bulb: { title: "Bulb", sku: "BULB", stock: { [main]: 0 } },
      cord: { title: "Cord", sku: "CORD", stock: { [main]: 1000 } },
    }),
  },
  (spec) => {
    const { api, getContainer, dbConnection, kit } = spec
    let headers: Record<string, string>
    let main: string
    let partner: string
    let mug: ProductFixture
    let lamp: ProductFixture
    let bulb: ProductFixture
    let cord: ProductFixture
    beforeAll(() => {
      headers = spec.headers
      main = spec.location
      partner = spec.store.networkLocationIds[0]
      ;({ mug, lamp, bulb, cord } = spec.products)
    })

    afterEach(() => {
      delete process.env.BACKORDERS_FAILPOINTS
      resetFailpoints()
    })

    afterAll(() => {
      delete process.env.BACKORDERS_OPTIONS
    })

    const queueRows = async () =>
      (
        await dbConnection.raw(
          `select inventory_item_id, order_id, job_id, reason, attempts, last_error
           from backorder_change where deleted_at is null order by created_at`
        )
      ).rows

    /** `count` orders of one bulb each (and one of each of `also`), planned: all waiting (no bulb is in stock). */
    const waitingBulbs = async (count: number, also: ProductFixture[] = []) => {
      const orders = await placeOrders(
        getContainer(),
        spec.store,
        [bulb, ...also],
        count
      )
      // Written through the modules: no order.placed, so queued by hand, 50
      // at a time: a plan of 200 new orders can outlast this spec's 2 s
      // lease on a slow machine (its claim lapses and it is retried later).
      for (let i = 0; i < orders.length; i += 50) {
        await processBackorderChangesWorkflow(getContainer()).run({
          input: {
            changes: orders
              .slice(i, i + 50)
              .map((id) => ({ order_id: id, reason: "test" })),
          },
        })
      }
      await kit.settle()
      return orders
    }

    /**
     * The orders with an event of `type`, grouped by the plan that wrote it
     * (one plan writes its events at one time), in the order of the plans.
     */
    const planGroups = async (orders: string[], type: string) => {
      const { rows } = await dbConnection.raw(
        `select b.order_id, e.created_at from backorder_event e
         join backorder b on b.id = e.backorder_id
         where b.order_id = any(?) and e.type = ?
         order by e.created_at`,
        [orders, type]
      )
      const plans = new Map<number, string[]>()
      for (const row of rows) {
        const at = new Date(row.created_at).getTime()
        plans.set(at, [...(plans.get(at) ?? []), row.order_id])
      }
      return [...plans.values()].map((ids) => [...ids].sort())
    }

    /** Places an order whose order.placed never reaches the plugin. */
    const orderWithLostEvent = async (
      items: { variant_id: string; quantity: number }[]
    ) => {
      process.env.BACKORDERS_FAILPOINTS = "order-event=throw"
      const handled = TestEventUtils.waitSubscribersExecution(
        "order.placed",
        getContainer().resolve(Modules.EVENT_BUS)
      )
      const order = await kit.order({ items, wait: false })
      // The subscriber ran and "lost" it: nothing was queued.
      await handled
      delete process.env.BACKORDERS_FAILPOINTS
      // The checkout's reservation also updated the level, and that module
      // event queues and drains the item on its own schedule: wait until it
      // is done, or a test can see its row mid-drain (attempts 1).
      await kit.settle()
      return order
    }

    /**
     * Two waiting bulb orders, first in rank first. Placed in one batch, they
     * share a creation time: their rank, not the batch's order, says who is first.
     */
    const twoWaitingBulbs = async (): Promise<[string, string]> => {
      const orders = await waitingBulbs(2)
      const { rows } = await dbConnection.raw(
        `select order_id from backorder where order_id = any(?)
         order by priority desc, order_created_at, order_display_id, order_id`,
        [orders]
      )
      expect(rows).toHaveLength(2)
      return [rows[0].order_id, rows[1].order_id]
    }

    it("recovers an order whose order.placed was lost with the sweep, also when nobody waits for its items", async () => {
      const order = await orderWithLostEvent([
        { variant_id: mug.variantId, quantity: 3 },
      ])
      expect(await queueRows()).toEqual([])
      expect(await kit.backorderOf(order.id)).toBeNull()
      // Medusa's checkout reservation of 3 against a stock of 1, unseen.
      expect(await kit.level(mug.inventoryItemIds[0], main)).toEqual({
        stocked: 1,
        reserved: 3,
      })
      // Metadata another integration wrote is no mark of the plugin's: the
      // reservation is still unseen (the sweep and plans match it in SQL).
      const inventory = getContainer().resolve(Modules.INVENTORY)
      const [checkout] = await inventory.listReservationItems({
        inventory_item_id: mug.inventoryItemIds[0],
      })
      await inventory.updateReservationItems([
        { id: checkout.id, metadata: { gift_wrap: true } },
      ])

      const { result } = await sweepBackordersWorkflow(getContainer()).run({})
      expect(result.queued).toBeGreaterThanOrEqual(1)
      await kit.settle()

      const backorder = await kit.backorderOf(order.id)
      expect(backorder).toMatchObject({ status: "backorder" })
      expect(
        backorder.lines.map((l: any) => [l.quantity, l.quantity_covered])
      ).toEqual([[3, 1]])
      expect(await kit.level(mug.inventoryItemIds[0], main)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      // A second sweep finds nothing wrong and writes nothing.
      const { result: again } = await sweepBackordersWorkflow(
        getContainer()
      ).run({})
      expect(again.found).toBe(0)
      expect(await kit.backorderOf(order.id)).toEqual(backorder)
    })

    it("converges on the next drain when a writer dies between its reservation and record writes", async () => {
      process.env.BACKORDERS_FAILPOINTS = "after-reservations=crash@1"
      const order = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 3 }],
        wait: false,
      })
      // The "dead" writer shrank the checkout reservation but wrote no
      // record; its rows are still claimed and its recovery rows delayed.
      const until = Date.now() + 20000
      while (
        (await kit.level(mug.inventoryItemIds[0], main)).reserved !== 1 &&
        Date.now() < until
      ) {
        await sleep(100)
      }
      expect(await kit.level(mug.inventoryItemIds[0], main)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      expect(await kit.backorderOf(order.id)).toBeNull()
      const pending = await queueRows()
      expect(pending).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ order_id: order.id, attempts: 1 }),
          expect.objectContaining({ order_id: order.id, reason: "recovery" }),
        ])
      )

      // Once the claim's lease (2 s) lapses, any worker picks the rows up.
      await sleep(2500)
      await kit.settle()
      const backorder = await kit.backorderOf(order.id)
      expect(backorder).toMatchObject({ status: "backorder" })
      expect(
        backorder.lines.map((l: any) => [l.quantity, l.quantity_covered])
      ).toEqual([[3, 1]])
      expect(await kit.level(mug.inventoryItemIds[0], main)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      // The recovery rows are handled too (they only re-plan to the same answer).
      await sleep(4500)
      await kit.settle()
      expect(await queueRows()).toEqual([])
      expect(await kit.backorderOf(order.id)).toEqual(backorder)
    })

    it("puts a large release back whole when its writes fail, records and reservations written at once", async () => {
      // 120 waiting orders: their release's first slice writes 100
      // reservations, enough for the records to be written alongside them.
      const orders = await waitingBulbs(120)
      const [item] = bulb.inventoryItemIds
      const waiting = async () =>
        (
          await dbConnection.raw(
            `select count(*)::int as n from backorder
             where order_id = any(?) and status = 'backorder' and deleted_at is null`,
            [orders]
          )
        ).rows[0].n
      expect(await waiting()).toBe(120)

      // Every attempt fails until the failpoint is lifted: the restock's two
      // level events (workflow and module) may queue the item twice, and a
      // second plan must not release what the test checks was put back.
      process.env.BACKORDERS_FAILPOINTS = "after-reservations=throw"
      const restocked = await api.post(
        `/admin/inventory-items/${item}/location-levels/${main}`,
        { stocked_quantity: 120 },
        { headers }
      )
      expect(restocked.status).toBe(200)
      // The failed attempt: given back with its error, nothing of it stays.
      const until = Date.now() + 20000
      while (
        !(await queueRows()).some(
          (row: any) =>
            row.inventory_item_id === item &&
            row.attempts === 1 &&
            /after-reservations/.test(row.last_error ?? "")
        ) &&
        Date.now() < until
      ) {
        await sleep(100)
      }
      expect(await queueRows()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ inventory_item_id: item, attempts: 1 }),
        ])
      )
      expect(await kit.level(item, main)).toEqual({
        stocked: 120,
        reserved: 0,
      })
      expect(await waiting()).toBe(120)
      const released = await dbConnection.raw(
        `select count(*)::int as n from backorder_event e join backorder b on b.id = e.backorder_id
         where b.order_id = any(?) and e.type = 'released'`,
        [orders]
      )
      expect(released.rows[0].n).toBe(0)

      // The retry (after its 2 s backoff) releases all of them.
      await kit.settle()
      delete process.env.BACKORDERS_FAILPOINTS
      resetFailpoints()
      await sleep(2500)
      await kit.settle()
      expect(await waiting()).toBe(0)
      expect(await kit.level(item, main)).toEqual({
        stocked: 120,
        reserved: 120,
      })
    })

    it("releases a long queue in slices, each a plan of its own, in rank order, also when its orders tie two items together", async () => {
      // Each order also buys a cord, in stock: the bulb's and the cord's
      // queues are planned together, and sliced together.
      const orders = await waitingBulbs(250, [cord])
      const [item] = bulb.inventoryItemIds
      const { rows: ranked } = await dbConnection.raw(
        `select order_id from backorder where order_id = any(?) and status = 'backorder'
         order by priority desc, order_created_at, order_display_id, order_id`,
        [orders]
      )
      expect(ranked).toHaveLength(250)

      await kit.setStock(item, main, 250)
      const order = ranked.map((r: { order_id: string }) => r.order_id)
      expect(await planGroups(orders, "released")).toEqual([
        order.slice(0, 100).sort(),
        order.slice(100, 200).sort(),
        order.slice(200).sort(),
      ])
      expect(await kit.level(item, main)).toEqual({
        stocked: 250,
        reserved: 250,
      })
      // The cords are still covered once the slices are done (this test sees
      // only the end; the property tests check every slice).
      expect(await kit.level(cord.inventoryItemIds[0], main)).toEqual({
        stocked: 1000,
        reserved: 250,
      })
      expect(await queueRows()).toEqual([])
    })

    it("goes on in slices when a release covers units but releases nobody (its orders also wait for a lamp)", async () => {
      const orders = await waitingBulbs(150, [lamp])
      const [item] = bulb.inventoryItemIds
      const { rows: ranked } = await dbConnection.raw(
        `select order_id from backorder where order_id = any(?)
         order by priority desc, order_created_at, order_display_id, order_id`,
        [orders]
      )
      const before = await kit.level(item, main)
      await kit.setStock(item, main, before.stocked + 150)
      // Every order's bulb line is covered, none is released (no lamp at the
      // main location), in two plans: 100, then 50.
      const order = ranked.map((r: { order_id: string }) => r.order_id)
      expect(await planGroups(orders, "coverage_changed")).toEqual([
        order.slice(0, 100).sort(),
        order.slice(100).sort(),
      ])
      const { rows: lines } = await dbConnection.raw(
        `select b.status, l.quantity_covered from backorder_line l
         join backorder b on b.id = l.backorder_id
         where b.order_id = any(?) and l.variant_id = ?`,
        [orders, bulb.variantId]
      )
      expect(lines).toHaveLength(150)
      expect(lines.every((l: any) => l.quantity_covered === 1)).toBe(true)
      expect(lines.some((l: any) => l.status === "pending")).toBe(false)
      expect(await kit.level(item, main)).toEqual({
        stocked: before.stocked + 150,
        reserved: before.reserved + 150,
      })
      expect(await queueRows()).toEqual([])
    })

    it("reads past a slice that can hand its stock to nobody: the order after it that can take the unit gets it", async () => {
      const container = getContainer()
      const orders = await waitingBulbs(150)
      const [item] = bulb.inventoryItemIds
      // A second shop whose channel sees only a depot the first shop's
      // channel does not: bulbs arriving there are for its orders alone.
      const {
        result: [depot],
      } = await createStockLocationsWorkflow(container).run({
        input: { locations: [{ name: "Second shop depot" }] },
      })
      const {
        result: [channel],
      } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Second shop" }] },
      })
      await linkSalesChannelsToStockLocationWorkflow(container).run({
        input: { id: depot.id, add: [channel.id] },
      })
      await createInventoryLevelsWorkflow(container).run({
        input: {
          inventory_levels: [
            {
              inventory_item_id: item,
              location_id: depot.id,
              stocked_quantity: 0,
            },
          ],
        },
      })
      const [late] = await placeOrders(
        container,
        { ...spec.store, salesChannelId: channel.id, locationIds: [depot.id] },
        bulb,
        1
      )
      await processBackorderChangesWorkflow(container).run({
        input: { changes: [{ order_id: late, reason: "test" }] },
      })
      await kit.settle()
      expect((await kit.backorderOf(late)).status).toBe("backorder")

      // The first slice (100 orders of the first shop) cannot take the
      // depot's unit; the plan reads on and the last order gets it.
      await kit.setStock(item, depot.id, 1)
      await kit.settle()
      expect((await kit.backorderOf(late)).status).toBe("pending")
      expect(await kit.level(item, depot.id)).toEqual({
        stocked: 1,
        reserved: 1,
      })
      const { rows } = await dbConnection.raw(
        `select status, count(*)::int as count from backorder
         where order_id = any(?) group by status`,
        [orders]
      )
      expect(rows).toEqual([{ status: "backorder", count: 150 }])
      expect(await queueRows()).toEqual([])
    })

    it("retries a failing job step with backoff, records the order as failed after its attempts and goes on with the next", async () => {
      const first = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const second = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 2 }],
      })
      const ids = await Promise.all(
        [first, second].map(async (o) => (await kit.backorderOf(o.id)).id)
      )
      process.env.BACKORDERS_FAILPOINTS = "job-step=throw@3"
      const { result: job } = await createNetworkDivideJobWorkflow(
        getContainer()
      ).run({ input: { backorder_ids: ids, actor: { type: "system" } } })

      const seen: { attempts: number; last_error: string }[] = []
      const until = Date.now() + 60000
      let current: any
      for (;;) {
        await drainBackorderChanges(getContainer(), { budget_ms: 2000 })
        const rows = await queueRows()
        rows.filter((r: any) => r.last_error).forEach((r: any) => seen.push(r))
        current = (
          await api.get(`/admin/backorders/jobs/${job.id}`, { headers })
        ).data.job
        if (current.finished_at || Date.now() > until) {
          break
        }
        await sleep(500)
      }
      // It was retried (each failure left the row queued with its error).
      expect(Math.max(...seen.map((r) => r.attempts))).toBeGreaterThanOrEqual(2)
      expect(seen[0].last_error).toContain("failpoint job-step")
      expect(current).toMatchObject({
        status: "succeeded",
        processed: 2,
        failed: 1,
        progress: 100,
      })
      const [failed, done] = current.results
      expect(failed).toMatchObject({
        backorder_id: ids[0],
        state: "failed",
        reason: expect.stringContaining("failed 3 time(s)"),
      })
      expect(done).toMatchObject({ backorder_id: ids[1], state: "done" })
      expect((await kit.backorderOf(second.id)).status).toBe("pending")
      expect((await kit.backorderOf(first.id)).status).not.toBe("pending")
      expect(await kit.level(lamp.inventoryItemIds[0], partner)).toEqual({
        stocked: 3,
        reserved: 2,
      })
      await kit.settle()
      expect(await queueRows()).toEqual([])
    })

    it("gives the unit to an older order whose reservation arrived after a newer order was found in stock", async () => {
      const container = getContainer()
      // The older order exists before its checkout reservation does (Medusa's
      // checkout creates the order with the order module, then reserves,
      // possibly after waiting for the lock).
      const [older] = await container.resolve(Modules.ORDER).createOrders([
        {
          region_id: spec.store.regionId,
          sales_channel_id: spec.store.salesChannelId,
          email: "early@example.com",
          currency_code: spec.store.currencyCode,
          status: "pending",
          items: [
            {
              title: "Mug",
              variant_id: mug.variantId,
              variant_sku: mug.sku,
              quantity: 1,
              unit_price: 10,
            },
          ],
        } as any,
      ])
      await sleep(20)
      const newer = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 1 }],
      })
      expect(await kit.backorderOf(newer.id)).toBeNull()
      expect(await kit.reserved([newer.items[0].id])).toEqual({
        [newer.items[0].id]: 1,
      })

      await container.resolve(Modules.INVENTORY).createReservationItems([
        {
          line_item_id: older.items![0].id,
          inventory_item_id: mug.inventoryItemIds[0],
          location_id: main,
          quantity: 1,
          allow_backorder: true,
        },
      ])
      await processBackorderChangesWorkflow(container).run({
        input: { changes: [{ order_id: older.id, reason: "order.placed" }] },
      })
      // The reservation's own events may have had a subscriber drain it.
      await kit.settle()

      // Rank is by order date: the older order holds the unit, the newer waits.
      expect(await kit.backorderOf(older.id)).toBeNull()
      expect(
        await kit.reserved([older.items![0].id, newer.items[0].id])
      ).toEqual({ [older.items![0].id]: 1 })
      expect(await kit.backorderOf(newer.id)).toMatchObject({
        status: "backorder",
        lines: [expect.objectContaining({ quantity: 1, quantity_covered: 0 })],
      })
      expect(await kit.level(mug.inventoryItemIds[0], main)).toEqual({
        stocked: 1,
        reserved: 1,
      })
    })

    it("changes nothing on duplicated and reordered triggers", async () => {
      const container = getContainer()
      const older = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 2 }],
      })
      const newer = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 1 }],
      })
      const canceled = await kit.order({
        items: [{ variant_id: mug.variantId, quantity: 1 }],
      })
      await kit.cancel(canceled.id)

      const snapshot = async () => ({
        backorders: await Promise.all(
          [older, newer, canceled].map((o) => kit.backorderOf(o.id))
        ),
        reserved: await kit.reserved(
          [older, newer, canceled].map((o) => o.items[0].id)
        ),
        level: await kit.level(mug.inventoryItemIds[0], main),
        events: (
          await dbConnection.raw(
            `select count(*)::int as n from backorder_event`
          )
        ).rows[0].n,
      })
      const before = await snapshot()

      const [level] = await container
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({ inventory_item_id: mug.inventoryItemIds[0] })
      const eventBus = container.resolve(Modules.EVENT_BUS)
      // Newest first, each twice, and the canceled order's placed after its cancel.
      const triggers = [
        { name: "inventory-level.updated", data: { id: level.id } },
        { name: "order.placed", data: { id: canceled.id } },
        { name: "order.canceled", data: { id: canceled.id } },
        { name: "order.placed", data: { id: newer.id } },
        { name: "order.placed", data: { id: older.id } },
      ]
      const handled = Promise.all(
        [
          ["inventory-level.updated", 2],
          ["order.placed", 6],
          ["order.canceled", 2],
        ].map(([name, triggerCount]) =>
          TestEventUtils.waitSubscribersExecution(name as string, eventBus, {
            triggerCount: triggerCount as number,
          })
        )
      )
      await eventBus.emit([...triggers, ...triggers])
      await handled
      await kit.settle()

      expect(await snapshot()).toEqual(before)
      // Planned, not put off: nothing left in the queue, not even for a retry.
      expect(await queueRows()).toEqual([])
    })

    it("gives no stock to an order canceled without its event, and the sweep takes back what a release reserved for one", async () => {
      const [older, newer] = await twoWaitingBulbs()
      const [item] = bulb.inventoryItemIds
      const before = await kit.level(item, main)
      const orderModule = getContainer().resolve(Modules.ORDER)
      // Medusa cancels the first in rank; its order.canceled never arrives.
      await orderModule.cancel(older)
      expect(await queueRows()).toEqual([])

      // One unit arrives (admin API): the plan reads the head of the queue,
      // sees that order canceled and gives the unit to the next one.
      await kit.setStock(item, main, before.stocked + 1)
      await kit.settle()
      expect(await kit.backorderOf(older)).toMatchObject({ status: "canceled" })
      const released = await kit.backorderOf(newer)
      expect(released).toMatchObject({ status: "pending" })
      expect(released.lines.map((l: any) => l.quantity_covered)).toEqual([1])
      expect(await kit.level(item, main)).toEqual({
        stocked: before.stocked + 1,
        reserved: before.reserved + 1,
      })

      // Now the released order is canceled and its event lost too: its
      // reservation would hold the unit for nobody. The sweep rechecks
      // recent releases and gives it back.
      await orderModule.cancel(newer)
      const { result } = await sweepBackordersWorkflow(getContainer()).run({})
      expect(result.found).toBe(1)
      await kit.settle()
      expect(await kit.backorderOf(newer)).toMatchObject({ status: "canceled" })
      expect(
        await kit.reserved(
          (await kit.backorderOf(newer)).lines.map((l: any) => l.line_item_id)
        )
      ).toEqual({})
      expect(await kit.level(item, main)).toEqual({
        stocked: before.stocked + 1,
        reserved: before.reserved,
      })
      expect(
        (await sweepBackordersWorkflow(getContainer()).run({})).result.found
      ).toBe(0)
    })

    it("releases with the sweep stock that arrived without any event", async () => {
      const [older, newer] = await twoWaitingBulbs()
      const [item] = bulb.inventoryItemIds
      const before = await kit.level(item, main)
      // Nothing to find while no stock is free.
      expect(
        (await sweepBackordersWorkflow(getContainer()).run({})).result.found
      ).toBe(0)
      // One unit written behind Medusa's back: no event reaches the plugin.
      await kit.setStockWithoutEvent(item, main, before.stocked + 1)
      expect(await kit.backorderOf(older)).toMatchObject({
        status: "backorder",
      })

      const { result } = await sweepBackordersWorkflow(getContainer()).run({})
      expect(result.found).toBe(1)
      await kit.settle()

      // The unit goes to the first in rank, the other still waits.
      expect(
        (await kit.backorderOf(older)).lines.map((l: any) => l.quantity_covered)
      ).toEqual([1])
      expect(await kit.backorderOf(newer)).toMatchObject({
        status: "backorder",
      })
      expect(await kit.level(item, main)).toEqual({
        stocked: before.stocked + 1,
        reserved: before.reserved + 1,
      })
      expect(await queueRows()).toEqual([])
    })

    it("finds nothing where waiting orders only hold an item in stock, and releases stock it finds in slices, as a restock", async () => {
      // Each order waits for a bulb and holds a cord, of which 1,000 are in
      // stock: waiting demand beside free stock, and nothing to do.
      const orders = await waitingBulbs(150, [cord])
      const [item] = bulb.inventoryItemIds
      const { result: calm } = await sweepBackordersWorkflow(
        getContainer()
      ).run({})
      expect(calm.found).toBe(0)
      expect(await queueRows()).toEqual([])

      // Bulbs for all of them, written behind Medusa's back.
      const before = await kit.level(item, main)
      await kit.setStockWithoutEvent(item, main, before.stocked + 150)
      const { result } = await sweepBackordersWorkflow(getContainer()).run({})
      expect(result.found).toBe(1)
      await kit.settle()

      // Released as a restock is: in rank order, a slice of 100 per plan (a
      // whole queue in one plan would hold checkouts of the SKU throughout).
      const { rows: ranked } = await dbConnection.raw(
        `select order_id from backorder where order_id = any(?)
         order by priority desc, order_created_at, order_display_id, order_id`,
        [orders]
      )
      const order = ranked.map((r: { order_id: string }) => r.order_id)
      expect(await planGroups(orders, "released")).toEqual([
        order.slice(0, 100).sort(),
        order.slice(100).sort(),
      ])
      expect(await kit.level(item, main)).toEqual({
        stocked: before.stocked + 150,
        reserved: before.reserved + 150,
      })
      expect(await queueRows()).toEqual([])
      expect(
        (await sweepBackordersWorkflow(getContainer()).run({})).result.found
      ).toBe(0)
    })

    it("covers a waiting order's line again when the admin deletes the reservation behind it", async () => {
      // The order waits for a bulb and holds a cord: a plan reads its cord
      // reservation only when it could hand the cord on, and the sweep looks
      // only at items lines are short of, so the deletion itself must say so.
      const [order] = await waitingBulbs(1, [cord])
      const [cordItem] = cord.inventoryItemIds
      const held = (await kit.backorderOf(order)).lines.find(
        (l: any) => l.variant_id === cord.variantId
      )
      expect(held.quantity_covered).toBe(1)
      const before = await kit.level(cordItem, main)
      const inventory = getContainer().resolve(Modules.INVENTORY)
      const [reservation] = await inventory.listReservationItems({
        line_item_id: held.line_item_id,
      })

      const deleted = await api.delete(
        `/admin/reservations/${reservation.id}`,
        { headers }
      )
      expect(deleted.status).toBe(200)
      await kit.settle()

      // A new reservation covers the line, from the unit the deletion freed.
      const again = (await kit.backorderOf(order)).lines.find(
        (l: any) => l.variant_id === cord.variantId
      )
      expect(again.quantity_covered).toBe(1)
      const [renewed] = await inventory.listReservationItems({
        line_item_id: held.line_item_id,
      })
      expect(renewed).toMatchObject({ quantity: 1, location_id: main })
      expect(renewed.id).not.toBe(reservation.id)
      expect(await kit.level(cordItem, main)).toEqual(before)
      expect(await queueRows()).toEqual([])
    })

    it("writes nothing when a worker's claim on its queued rows lapsed before writing, and leaves no recovery rows", async () => {
      const [older, newer] = await twoWaitingBulbs()
      const [item] = bulb.inventoryItemIds
      const before = await kit.level(item, main)
      // Units for every bulb order waiting (earlier tests leave some), written
      // behind Medusa's back (no event): only the queued row below plans them.
      const {
        rows: [{ missing }],
      } = await dbConnection.raw(
        `select sum(missing)::int as missing from backorder_component
         where inventory_item_id = ? and waiting and deleted_at is null`,
        [item]
      )
      expect(missing).toBeGreaterThanOrEqual(2)
      const stocked = before.stocked + missing
      await kit.setStockWithoutEvent(item, main, stocked)
      const service =
        getContainer().resolve<BackorderModuleService>(BACKORDER_MODULE)
      const [queued] = await service.enqueueChanges([
        { inventory_item_id: item, reason: "test" },
      ])
      const claimed = await service.claimChanges("worker-paused", 10, 2)
      expect(claimed.map((c) => c.id)).toEqual([queued])
      // The worker paused past its lease: another one may have the row now.
      await dbConnection.raw(
        `update backorder_change set claimed_until = now() - interval '1 second' where id = ?`,
        [queued]
      )

      await expect(
        runBackorderPlan(getContainer(), {
          inventory_item_ids: [item],
          actor: { type: "system" },
          claim: { ids: [queued], owner: "worker-paused" },
        })
      ).rejects.toThrow(/claim on 1 queued change\(s\) lapsed/)
      // Nothing written: no reservation, no coverage, and the recovery rows
      // it queued before checking are gone again; only its own row is left.
      expect(await kit.level(item, main)).toEqual({
        stocked,
        reserved: before.reserved,
      })
      for (const order of [older, newer]) {
        expect(await kit.backorderOf(order)).toMatchObject({
          status: "backorder",
          lines: [expect.objectContaining({ quantity_covered: 0 })],
        })
      }
      expect(await queueRows()).toEqual([
        expect.objectContaining({ inventory_item_id: item, reason: "test" }),
      ])

      // The next worker takes the lapsed row and plans it.
      await drainBackorderChanges(getContainer())
      await kit.settle()
      for (const order of [older, newer]) {
        expect(await kit.backorderOf(order)).toMatchObject({
          status: "pending",
          lines: [expect.objectContaining({ quantity_covered: 1 })],
        })
      }
      expect(await kit.level(item, main)).toEqual({
        stocked,
        reserved: before.reserved + missing,
      })
      expect(await queueRows()).toEqual([])
    })
  }
)

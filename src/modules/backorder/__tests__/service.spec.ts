import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { BACKORDER_MODULE } from ".."
import Backorder from "../models/backorder"
import BackorderComponent from "../models/backorder-component"
import BackorderEvent from "../models/backorder-event"
import BackorderJob from "../models/backorder-job"
import BackorderJobItem from "../models/backorder-job-item"
import BackorderLine from "../models/backorder-line"
import BackorderSetting from "../models/backorder-setting"
import BackorderChange from "../models/backorder-change"
import BackorderItemFigure from "../models/backorder-item-figure"
import BackorderSchedule from "../models/backorder-schedule"
import ProductAlternative from "../models/product-alternative"
import type BackorderModuleService from "../service"
import type { PlanRecordChanges } from "../../../types/backorder"
import type { BackorderStatusValue } from "../status"

jest.setTimeout(60 * 1000)

const newBackorder = (
  order_id: string,
  lines: { line_item_id: string; items: string[]; covered?: number }[],
  status: "backorder" | "pending" = "backorder"
): PlanRecordChanges["create"][number] => ({
  order_id,
  status,
  priority: 0,
  order_created_at: "2026-01-01T00:00:00.000Z",
  order_display_id: 1,
  sales_channel_id: "sc_1",
  customer_id: null,
  email: "a@example.com",
  backordered_at: "2026-01-01T00:00:01.000Z",
  lines: lines.map((line) => ({
    line_item_id: line.line_item_id,
    variant_id: null,
    sku: `SKU-${line.line_item_id}`,
    title: line.line_item_id,
    quantity: 3,
    quantity_covered: line.covered ?? 0,
    quantity_released: 0,
    components: line.items.map((inventory_item_id) => ({
      inventory_item_id,
      required_quantity: 1,
    })),
  })),
})

const empty: PlanRecordChanges = {
  create: [],
  update: [],
  line_creates: [],
  line_updates: [],
  line_deletes: [],
  events: [],
}
const system = { type: "system" as const }

moduleIntegrationTestRunner<BackorderModuleService>({
  moduleName: BACKORDER_MODULE,
  moduleModels: [
    Backorder,
    BackorderLine,
    BackorderComponent,
    BackorderEvent,
    ProductAlternative,
    BackorderSetting,
    BackorderJob,
    BackorderJobItem,
    BackorderChange,
    BackorderSchedule,
    BackorderItemFigure,
  ],
  resolve: "./src/modules/backorder",
  // The module's own migrations, not a schema derived from the models: they
  // also hold what the models cannot say (partial indexes, the status tally).
  pathToMigrations: "./src/modules/backorder/migrations",
  moduleOptions: { allocation_policy: "complete" },
  testSuite: ({ service, MikroOrmWrapper }) => {
    it("gives the validated options with defaults", () => {
      expect(service.getOptions()).toMatchObject({
        allocation_policy: "complete",
        location_priority: [],
        priority_rules: [],
        max_network_batch: 200,
      })
    })

    it("saves a plan in one go and reverts it completely", async () => {
      const saved = await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_1", [
              { line_item_id: "li_1", items: ["iitem_a"], covered: 1 },
            ]),
          ],
          events: [
            { order_id: "order_1", type: "created", data: { covered: 1 } },
          ],
        },
        { type: "user", id: "user_1" }
      )
      const [backorder] = await service.listBackorders(
        { order_id: "order_1" },
        { relations: ["lines", "lines.components", "events"] }
      )
      expect(backorder).toMatchObject({
        id: saved.created[0].id,
        status: "backorder",
        lines: [
          {
            line_item_id: "li_1",
            quantity: 3,
            quantity_covered: 1,
            components: [{ inventory_item_id: "iitem_a" }],
          },
        ],
        events: [{ type: "created", actor_type: "user", actor_id: "user_1" }],
      })

      const update = await service.savePlanChanges(
        {
          ...empty,
          update: [
            {
              id: backorder.id,
              status: "pending",
              released_at: "2026-01-02T00:00:00.000Z",
            },
          ],
          line_updates: [{ id: backorder.lines[0].id, quantity_covered: 3 }],
          events: [
            {
              backorder_id: backorder.id,
              order_id: "order_1",
              type: "released",
              data: {},
            },
          ],
        },
        system
      )
      expect((await service.retrieveBackorder(backorder.id)).status).toBe(
        "pending"
      )

      await service.revertPlanChanges(update)
      const reverted = await service.retrieveBackorder(backorder.id, {
        relations: ["lines", "events"],
      })
      expect(reverted).toMatchObject({
        status: "backorder",
        released_at: null,
        lines: [{ quantity_covered: 1 }],
      })
      expect(reverted.events.map((e) => e.type)).toEqual(["created"])

      const figureOfA = async () =>
        (
          await service.listBackorderItemFigures({
            inventory_item_id: "iitem_a",
          })
        ).map((f) => [f.units_missing, f.orders_waiting])
      // 3 ordered, 1 covered: 2 units on one waiting line.
      expect(await figureOfA()).toEqual([[2, 1]])
      await service.revertPlanChanges(saved)
      // Taken off once: the new backorder's line is among the created lines.
      expect(await figureOfA()).toEqual([[0, 0]])
      expect(await service.listBackorders({ order_id: "order_1" })).toEqual([])
      expect(
        await service.listBackorderLines({ line_item_id: "li_1" })
      ).toEqual([])
      expect(
        await service.listBackorderComponents({ inventory_item_id: "iitem_a" })
      ).toEqual([])
    })

    it("rejects a second backorder for the same order", async () => {
      await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_1", [{ line_item_id: "li_1", items: ["a"] }]),
          ],
        },
        system
      )
      await expect(
        service.savePlanChanges(
          {
            ...empty,
            create: [
              newBackorder("order_1", [{ line_item_id: "li_2", items: ["a"] }]),
            ],
          },
          system
        )
      ).rejects.toThrow()
    })

    it("lists the items waiting lines are short of, not the ones they only hold", async () => {
      await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_1", [
              { line_item_id: "li_1", items: ["a"] },
              // Held in full beside it: waiting demand, nothing missing.
              { line_item_id: "li_2", items: ["b"], covered: 3 },
            ]),
            // A kit line short as a whole: each of its items could take stock.
            newBackorder("order_2", [
              { line_item_id: "li_3", items: ["c", "d"], covered: 1 },
            ]),
            newBackorder(
              "order_3",
              [{ line_item_id: "li_4", items: ["e"] }],
              "pending"
            ),
          ],
        },
        system
      )
      expect(await service.listWaitingInventoryItemIds()).toEqual([
        "a",
        "b",
        "c",
        "d",
      ])
      expect(await service.listShortInventoryItemIds()).toEqual(["a", "c", "d"])

      // The sweep's pages of waiting orders (keyset by id), and of released ones.
      const waiting = { status: ["backorder" as const] }
      const first = await service.listBackorderOrderIdPage(waiting, null, 1)
      const second = await service.listBackorderOrderIdPage(
        waiting,
        first[0].id,
        1
      )
      expect(
        await service.listBackorderOrderIdPage(waiting, second[0].id, 1)
      ).toEqual([])
      expect([...first, ...second].map((b) => b.order_id).sort()).toEqual([
        "order_1",
        "order_2",
      ])
      // Released a minute ago: inside a window that started earlier, not
      // inside one that starts after.
      const [pending] = await service.listBackorders({ order_id: "order_3" })
      await service.updateBackorders([
        { id: pending.id, released_at: new Date(Date.now() - 60_000) },
      ])
      const released = (since: number) =>
        service.listBackorderOrderIdPage(
          { status: ["pending"], released_since: new Date(Date.now() + since) },
          null,
          10
        )
      expect(await released(-120_000)).toEqual([
        { id: pending.id, order_id: "order_3" },
      ])
      expect(await released(-30_000)).toEqual([])

      // Orders holding units of these lines: li_2 (held in full) and li_3
      // (the kit line, 1 of 3 covered) hold units; li_1 holds none, li_4's
      // backorder no longer waits.
      expect(await service.listOrderIdsHoldingLines(["li_2", "li_3"])).toEqual([
        "order_1",
        "order_2",
      ])
      expect(await service.listOrderIdsHoldingLines(["li_1", "li_4"])).toEqual(
        []
      )
    })

    it("finds waiting backorders per inventory item and the items connected through them", async () => {
      await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_1", [
              { line_item_id: "li_1", items: ["a"] },
              { line_item_id: "li_2", items: ["b"] },
            ]),
            newBackorder("order_2", [
              { line_item_id: "li_3", items: ["b", "c"] },
            ]),
            newBackorder("order_3", [{ line_item_id: "li_4", items: ["d"] }]),
            newBackorder(
              "order_4",
              [{ line_item_id: "li_5", items: ["a", "e"] }],
              "pending"
            ),
          ],
        },
        system
      )
      const ids = await service.listWaitingBackorderIdsByInventoryItem(["a"])
      expect(ids).toHaveLength(1)
      // a → order_1 → b → order_2 → c; d and e (pending order) stay out.
      expect(await service.expandInventoryScope(["a"])).toEqual(["a", "b", "c"])
      expect(await service.listWaitingInventoryItemIds()).toEqual([
        "a",
        "b",
        "c",
        "d",
      ])
      expect(
        await service.listWaitingInventoryItemIds(["c", "e", "z"])
      ).toEqual(["c"])

      // order_3 waits for d alone: no links, until an edit adds a line for f
      // (the link is found from the components flagged as linking).
      expect(await service.expandInventoryScope(["d"])).toEqual(["d"])
      const linking = async () =>
        Object.fromEntries(
          (
            await service.listBackorderComponents(
              {},
              { select: ["inventory_item_id", "multi"] }
            )
          ).map((c) => [c.inventory_item_id, c.multi])
        )
      expect(await linking()).toEqual({
        a: true,
        b: true,
        c: true,
        d: false,
        e: true,
      })
      const [third] = await service.listBackorders({ order_id: "order_3" })
      await service.savePlanChanges(
        {
          ...empty,
          line_creates: [
            {
              ...newBackorder("order_3", [
                { line_item_id: "li_6", items: ["f"] },
              ]).lines[0],
              backorder_id: third.id,
            },
          ],
        },
        system
      )
      expect(await service.expandInventoryScope(["d"])).toEqual(["d", "f"])
      expect(await service.expandInventoryScope(["f"])).toEqual(["d", "f"])
      expect(await linking()).toEqual({
        a: true,
        b: true,
        c: true,
        d: true,
        e: true,
        f: true,
      })
    })

    it("counts by status, unlockable and stuck backorders", async () => {
      const saved = await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_1", [
              { line_item_id: "li_1", items: ["a"], covered: 1 },
            ]),
            newBackorder("order_2", [{ line_item_id: "li_2", items: ["a"] }]),
            newBackorder(
              "order_3",
              [{ line_item_id: "li_3", items: ["a"], covered: 3 }],
              "pending"
            ),
          ],
        },
        system
      )
      expect(await service.countByStatus()).toEqual({
        backorder: 2,
        pending: 1,
      })
      expect(await service.countUnlockable()).toBe(1)
      await service.updateBackorders({
        id: saved.created[1].id,
        pendingprocess: "release_process",
        pendingprocess_at: new Date("2026-01-01T00:00:00Z"),
      })
      // A released backorder left with a process marker is not stuck: only waiting ones count.

      await service.updateBackorders({
        id: saved.created[2].id,

        pendingprocess: "network_divide_process",

        pendingprocess_at: new Date("2026-01-01T00:00:00Z"),
      })
      expect(await service.countStuck(new Date("2026-01-01T01:00:00Z"))).toBe(1)
      expect(await service.countStuck(new Date("2025-12-31T23:00:00Z"))).toBe(0)
    })

    it("keeps the status tally equal to the backorders' statuses through every kind of write, concurrent ones too", async () => {
      const saved = await service.savePlanChanges(
        {
          ...empty,
          create: ["order_1", "order_2", "order_3", "order_4"].map((id, i) =>
            newBackorder(id, [{ line_item_id: `li_${i}`, items: ["a"] }])
          ),
        },
        system
      )
      const [b1, b2, b3, b4] = saved.created.map((c) => c.id)
      const counted = async () => {
        const all = await service.listBackorders({}, { select: ["status"] })
        const counts: Record<string, number> = {}
        for (const { status } of all) {
          counts[status] = (counts[status] ?? 0) + 1
        }
        return counts
      }
      await service.updateBackorders({ id: b1, status: "pending" })
      await service.updateBackorders([
        { id: b2, status: "canceled" },
        { id: b3, priority: 5 },
      ])
      await service.softDeleteBackorders([b4])
      expect(await service.countByStatus()).toEqual({
        backorder: 1,
        pending: 1,
        canceled: 1,
      })
      expect(await service.countByStatus()).toEqual(await counted())
      await service.restoreBackorders([b4])
      await service.deleteBackorders([b2])
      expect(await service.countByStatus()).toEqual({
        backorder: 2,
        pending: 1,
      })
      expect(await service.countByStatus()).toEqual(await counted())

      // Two writers change one backorder at once: the second waits for the
      // first's row lock, then counts from the version the first committed.
      const knex = MikroOrmWrapper.getOrm().em.getConnection().getKnex()
      const first = await knex.transaction()
      await first("backorder").where({ id: b3 }).update({ status: "pending" })
      const second = knex.transaction(async (trx) => {
        await trx("backorder").where({ id: b3 }).update({ status: "canceled" })
      })
      // Commit the first only once the second waits for its row lock.
      const waitingForLock = async () =>
        (
          await knex.raw(
            `select count(*)::int as n from pg_stat_activity
             where wait_event_type = 'Lock' and datname = current_database()`
          )
        ).rows[0].n
      for (let tries = 0; !(await waitingForLock()); tries++) {
        expect(tries).toBeLessThan(100)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await first.commit()
      await second
      expect(await service.countByStatus()).toEqual({
        backorder: 1,
        pending: 1,
        canceled: 1,
      })
      expect(await service.countByStatus()).toEqual(await counted())

      // Folding leaves one row per status and the same counts.
      const rows = async () =>
        Number((await knex("backorder_status_tally").count({ n: "*" }))[0].n)
      expect(await rows()).toBeGreaterThan(4)
      await service.compactStatusTally()
      expect(await rows()).toBe(3)
      expect(await service.countByStatus()).toEqual(await counted())
    })

    describe("the change queue", () => {
      it("records triggers, a fresh one absorbing its repeats, a delayed one absorbing nothing", async () => {
        const first = await service.enqueueChanges([
          { inventory_item_id: "iitem_q", reason: "stock" },
          { inventory_item_id: "iitem_q", reason: "stock again" },
          { order_id: "order_q", reason: "order.placed" },
        ])
        expect(first).toHaveLength(2)
        expect(
          await service.enqueueChanges([
            { inventory_item_id: "iitem_q", reason: "a third time" },
          ])
        ).toEqual([])
        // A delayed row (recovery) is not there yet: it absorbs nothing.
        expect(
          await service.enqueueChanges(
            [{ inventory_item_id: "iitem_r", reason: "recovery" }],
            { delay_seconds: 60 }
          )
        ).toHaveLength(1)
        expect(
          await service.enqueueChanges([
            { inventory_item_id: "iitem_r", reason: "stock" },
          ])
        ).toHaveLength(1)
        expect(await service.getChangeQueueStats()).toMatchObject({
          depth: 4,
          in_progress: 0,
          failing: 0,
        })
      })

      it("gives a row to one worker at a time, and back with an attempt, a backoff and the error", async () => {
        await service.enqueueChanges([{ order_id: "order_c", reason: "test" }])
        const [claimed] = await service.claimChanges("worker_a", 10, 30)
        expect(claimed).toMatchObject({ order_id: "order_c", attempts: 1 })
        expect(await service.claimChanges("worker_b", 10, 30)).toEqual([])

        await service.releaseChanges([claimed.id], "worker_a", {
          error: "could not lock inventory items iitem_c",
          retry_in_seconds: 60,
        })
        expect(await service.claimChanges("worker_b", 10, 30)).toEqual([])
        const stats = await service.getChangeQueueStats()
        expect(stats).toMatchObject({ depth: 1, failing: 1 })
        expect(stats.failing_changes).toEqual([
          expect.objectContaining({
            order_id: "order_c",
            attempts: 1,
            last_error: "could not lock inventory items iitem_c",
          }),
        ])
      })

      it("hands a dead worker's rows to another once its lease lapses, and fences the dead one out", async () => {
        await service.enqueueChanges([{ order_id: "order_d", reason: "test" }])
        const [claimed] = await service.claimChanges("worker_dead", 10, 1)
        await new Promise((resolve) => setTimeout(resolve, 1300))
        const [taken] = await service.claimChanges("worker_alive", 10, 30)
        expect(taken).toMatchObject({ id: claimed.id, attempts: 2 })
        // The first worker, were it alive after all, may no longer write.
        expect(
          await service.extendChangeClaims([claimed.id], "worker_dead", 30)
        ).toBe(0)
        expect(await service.completeChanges([claimed.id], "worker_dead")).toBe(
          0
        )
        expect(await service.completeChanges([taken.id], "worker_alive")).toBe(
          1
        )
        expect((await service.getChangeQueueStats()).depth).toBe(0)
      })

      it("runs a scheduled task once per due time, whoever asks", async () => {
        const due = new Date(Date.now() - 1000)
        const answers = await Promise.all(
          [1, 2, 3].map(() => service.claimScheduledRun("sweep", due))
        )
        expect(answers.filter(Boolean)).toHaveLength(1)
        expect(await service.claimScheduledRun("sweep", due)).toBe(false)
      })
    })

    it("keeps each item's queue and shortage figures in step with its backorders", async () => {
      const saved = await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_f1", [
              { line_item_id: "li_f1", items: ["iitem_f"], covered: 1 },
            ]),
            newBackorder("order_f2", [
              { line_item_id: "li_f2", items: ["iitem_f"] },
            ]),
            // Covered on iitem_f, waiting for iitem_x: a holder of iitem_f,
            // not in its queue of lines short of it.
            newBackorder("order_f3", [
              { line_item_id: "li_f3a", items: ["iitem_f"], covered: 3 },
              { line_item_id: "li_f3b", items: ["iitem_x"] },
            ]),
          ],
        },
        system
      )
      const idOf = (order: string) =>
        saved.created.find((b) => b.order_id === order)!.id
      const page = await service.listQueuePage("iitem_f", null, 10)
      expect(page.map((entry) => entry.order_id)).toEqual([
        "order_f1",
        "order_f2",
      ])
      // Holders in rank order: all, then those ranked after a cursor.
      expect(await service.listHolderIds("iitem_f", null)).toEqual(
        [idOf("order_f1"), idOf("order_f3")].sort()
      )
      expect(await service.listHolderIds("iitem_f", page[0])).toEqual([
        idOf("order_f3"),
      ])
      expect(
        await service.listHolderIds("iitem_f", {
          ...page[0],
          order_id: "order_f3",
        })
      ).toEqual([])
      expect(
        await service.listHolderIds("iitem_f", {
          ...page[0],
          priority: 1,
        })
      ).toEqual([idOf("order_f1"), idOf("order_f3")].sort())
      const figures = await service.listShortageFigures({})
      expect(
        figures.singles.filter((f) => f.inventory_item_id === "iitem_f")
      ).toEqual([
        expect.objectContaining({
          inventory_item_id: "iitem_f",
          units: 2 + 3,
          orders: 2,
        }),
      ])

      await service.savePlanChanges(
        {
          ...empty,
          update: [
            {
              id: saved.created.find((b) => b.order_id === "order_f1")!.id,
              status: "pending",
              released_at: new Date().toISOString(),
            },
          ],
        },
        system
      )
      expect(
        (await service.listQueuePage("iitem_f", null, 10)).map(
          (e) => e.order_id
        )
      ).toEqual(["order_f2"])
      expect(
        (await service.listShortageFigures({})).singles.filter(
          (f) => f.inventory_item_id === "iitem_f"
        )
      ).toEqual([
        expect.objectContaining({
          inventory_item_id: "iitem_f",
          units: 3,
          orders: 1,
        }),
      ])

      // A backorder flagged as waiting on network stock is loaded with the
      // holders (it holds nothing), and no longer once it drops back.
      const second = saved.created.find((b) => b.order_id === "order_f2")!.id
      const flag = (status: BackorderStatusValue) =>
        service.savePlanChanges(
          { ...empty, update: [{ id: second, status }] },
          system
        )
      await flag("network_backorder")
      expect(
        await service.listNetworkFlaggedIds(["iitem_f", "iitem_x"])
      ).toEqual([second])
      await flag("backorder")
      expect(await service.listNetworkFlaggedIds(["iitem_f"])).toEqual([])
    })

    it("counts a waiting kit only against the items it is short of, in SQL", async () => {
      await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_kit", [
              { line_item_id: "li_kit", items: ["iitem_bolt", "iitem_board"] },
            ]),
          ],
        },
        system
      )
      expect(await service.listShortageItems()).toEqual(
        expect.arrayContaining([
          { inventory_item_id: "iitem_board", kit: true },
          { inventory_item_id: "iitem_bolt", kit: true },
        ])
      )
      // 3 kits miss 3 bolts (8 free) and 3 boards (1 free): only boards block.
      const short = await service.listShortageFigures({
        iitem_bolt: 8,
        iitem_board: 1,
      })
      expect(short.kits).toEqual([
        {
          inventory_item_id: "iitem_board",
          units: 3,
          orders: 1,
          oldest: "2026-01-01T00:00:01.000Z",
        },
      ])
      // Each part in stock but never together: both count.
      const apart = await service.listShortageFigures({
        iitem_bolt: 5,
        iitem_board: 5,
      })
      expect(
        apart.kits.map((row) => [row.inventory_item_id, row.units]).sort()
      ).toEqual([
        ["iitem_board", 3],
        ["iitem_bolt", 3],
      ])
    })

    it("answers each item's latest estimated date, or none while one of its waiting orders has none", async () => {
      const saved = await service.savePlanChanges(
        {
          ...empty,
          create: [
            newBackorder("order_e1", [
              { line_item_id: "li_e1", items: ["iitem_e"] },
            ]),
            newBackorder("order_e2", [
              { line_item_id: "li_e2", items: ["iitem_e"] },
            ]),
          ],
        },
        system
      )
      const [first, second] = ["order_e1", "order_e2"].map(
        (orderId) => saved.created.find((b) => b.order_id === orderId)!.id
      )
      const dateOf = async () =>
        (await service.listShortageDates(["iitem_e", "iitem_nobody"])).get(
          "iitem_e"
        )
      const estimate = (id: string, at: string) => ({
        id,
        estimated_at: new Date(at),
        estimate_reason: null,
        estimated_checked_at: new Date(),
      })
      expect(await dateOf()).toBeNull()
      await service.saveEstimates([estimate(first, "2026-02-01T00:00:00.000Z")])
      expect(await dateOf()).toBeNull()
      await service.saveEstimates([
        estimate(second, "2026-03-01T00:00:00.000Z"),
      ])
      expect(await dateOf()).toBe("2026-03-01T00:00:00.000Z")
      expect(
        (await service.listShortageDates(["iitem_nobody"])).has("iitem_nobody")
      ).toBe(false)
    })
  },
})

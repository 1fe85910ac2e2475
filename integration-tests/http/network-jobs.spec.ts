import { type ProductFixture } from "../../dev/fixtures"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../src/modules/backorder"
import {
  createNetworkDivideJobWorkflow,
  jobChange,
  markStuckBackorderJobsWorkflow,
  processBackorderJobChange,
} from "../../src/workflows"
import { failure } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"

backorderSpec(
  {
    network: true,
    products: ({ locationIds: [main], networkLocationIds: [partner] }) => ({
      lamp: { title: "Lamp", sku: "LAMP", stock: { [main]: 0, [partner]: 3 } },
    }),
  },
  (spec) => {
    const { api, getContainer, dbConnection, kit } = spec
    let headers: Record<string, string>
    let main: string
    let partner: string
    let lamp: ProductFixture
    beforeAll(() => {
      headers = spec.headers
      main = spec.location
      partner = spec.store.networkLocationIds[0]
      ;({ lamp } = spec.products)
    })

    const waitForJob = async (id: string) => {
      for (let attempt = 0; attempt < 150; attempt++) {
        const { data } = await api.get(`/admin/backorders/jobs/${id}`, {
          headers,
        })
        if (["succeeded", "failed"].includes(data.job.status)) {
          return data.job
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      throw new Error(`job ${id} did not finish`)
    }

    const lampOrder = (quantity: number) =>
      kit.order({
        items: [{ variant_id: lamp.variantId, quantity }],
      })

    it("keeps runtime settings, validated, with the plugin options as defaults", async () => {
      const { data } = await api.get("/admin/backorders/settings", { headers })
      expect(data).toEqual({
        settings: {
          allocation_policy: "fill",
          network_location_ids: [partner],
          stuck_after_minutes: 30,
        },
        defaults: {
          allocation_policy: "fill",
          network_location_ids: [],
          stuck_after_minutes: 30,
        },
      })
      const unknown = await failure(
        api.post(
          "/admin/backorders/settings",
          { network_location_ids: ["sloc_nope"] },
          { headers }
        )
      )
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toContain("sloc_nope")
      expect(
        (
          await failure(
            api.post(
              "/admin/backorders/settings",
              { stuck_after_minutes: 0 },
              { headers }
            )
          )
        ).status
      ).toBe(400)
    })

    it("marks an order its locations cannot cover but the network can, and follows the stock both ways", async () => {
      const order = await lampOrder(2)
      expect(await kit.backorderOf(order.id)).toMatchObject({
        status: "network_backorder",
        status_code: 7,
        pendingprocess: "network_backorder_process",
      })
      // Automatic release never takes network stock.
      expect(await kit.level(lamp.inventoryItemIds[0], partner)).toEqual({
        stocked: 3,
        reserved: 0,
      })

      await kit.setStock(lamp.inventoryItemIds[0], partner, 1)
      expect(await kit.backorderOf(order.id)).toMatchObject({
        status: "backorder",
        pendingprocess: null,
      })

      await kit.setStock(lamp.inventoryItemIds[0], partner, 3)
      expect((await kit.backorderOf(order.id)).status).toBe("network_backorder")

      // The network is not needed once its own location has the stock.
      await kit.setStock(lamp.inventoryItemIds[0], main, 2)
      expect(await kit.backorderOf(order.id)).toMatchObject({
        status: "pending",
        pendingprocess: null,
      })
      expect(await kit.level(lamp.inventoryItemIds[0], main)).toEqual({
        stocked: 2,
        reserved: 2,
      })
    })

    it("divides a batch over the network in the background, with progress and per-order reasons", async () => {
      const a = await lampOrder(2)
      const b = await lampOrder(1)
      const c = await lampOrder(4)
      const ids = await Promise.all(
        [a, b, c].map(async (o) => (await kit.backorderOf(o.id)).id)
      )

      const started = await api.post(
        "/admin/backorders/network/divide",
        { backorder_ids: ids },
        { headers }
      )
      expect(started.status).toBe(202)
      expect(started.data.job).toMatchObject({
        kind: "network_divide",
        total: 3,
        processed: 0,
        progress: 0,
      })

      const job = await waitForJob(started.data.job.id)
      expect(job).toMatchObject({
        status: "succeeded",
        total: 3,
        processed: 3,
        failed: 1,
        progress: 100,
      })
      expect(job.results).toEqual([
        expect.objectContaining({
          backorder_id: ids[0],
          state: "done",
          outcome: "released",
          allocations: [
            {
              line_item_id: a.items[0].id,
              location_id: partner,
              quantity: 2,
              network: true,
            },
          ],
        }),
        expect.objectContaining({
          backorder_id: ids[1],
          state: "done",
          outcome: "released",
        }),
        expect.objectContaining({
          backorder_id: ids[2],
          state: "failed",
          outcome: "failed",
          reason: expect.stringContaining("not enough LAMP"),
        }),
      ])
      expect((await kit.backorderOf(a.id)).status).toBe("pending")
      expect((await kit.backorderOf(b.id)).status).toBe("pending")
      expect(await kit.backorderOf(c.id)).toMatchObject({
        status: "backorder",
        pendingprocess: null,
      })
      expect(await kit.level(lamp.inventoryItemIds[0], partner)).toEqual({
        stocked: 3,
        reserved: 3,
      })

      const { data: list } = await api.get("/admin/backorders/jobs", {
        headers,
      })
      expect(list.jobs[0]).toMatchObject({ id: job.id, status: "succeeded" })
      // Lists stay small: per-order results only on the job itself.
      expect(list.jobs[0].results).toBeUndefined()

      const many = Array.from({ length: 201 }, (_, i) => `bo_${i}`)
      expect(
        (
          await failure(
            api.post(
              "/admin/backorders/network/divide",
              { backorder_ids: many },
              { headers }
            )
          )
        ).status
      ).toBe(400)
      expect(
        (
          await failure(
            api.post(
              "/admin/backorders/network/divide",
              { backorder_ids: [] },
              { headers }
            )
          )
        ).status
      ).toBe(400)
      expect(
        (
          await failure(
            api.get("/admin/backorders/jobs/bojob_nope", { headers })
          )
        ).status
      ).toBe(404)
    })

    it("detects a job whose next step was lost as stuck and finishes it on resume without allocating twice", async () => {
      const container = getContainer()
      const first = await lampOrder(1)
      const second = await lampOrder(2)
      const ids = await Promise.all(
        [first, second].map(async (o) => (await kit.backorderOf(o.id)).id)
      )
      const { result: created } = await createNetworkDivideJobWorkflow(
        container
      ).run({
        input: { backorder_ids: ids, actor: { type: "system" }, start: false },
      })
      // One order is processed, then its next step is lost (a queue row
      // removed by hand: nothing of the plugin's own loses it).
      const queue = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
      await kit.settle()
      await queue.enqueueChanges([jobChange(created.id)])
      const step = (await queue.claimChanges("test-worker", 10, 30)).find(
        (change) => change.job_id === created.id
      )!
      await processBackorderJobChange(container, step, { owner: "test-worker" })
      await dbConnection.raw(`delete from backorder_change where job_id = ?`, [
        created.id,
      ])
      const { data: halfway } = await api.get(
        `/admin/backorders/jobs/${created.id}`,
        { headers }
      )
      expect(halfway.job).toMatchObject({
        status: "running",
        processed: 1,
        progress: 50,
      })

      await dbConnection.raw(
        `update backorder_job set heartbeat_at = now() - interval '2 hours' where id = ?`,
        [created.id]
      )
      await dbConnection.raw(
        `update backorder set pendingprocess_at = now() - interval '2 hours' where id = ?`,
        [ids[1]]
      )
      await markStuckBackorderJobsWorkflow(container).run({ input: {} })
      const { data: stuck } = await api.get(
        `/admin/backorders/jobs/${created.id}`,
        { headers }
      )
      expect(stuck.job.status).toBe("stuck")
      const { data: summary } = await api.get("/admin/backorders/summary", {
        headers,
      })
      expect(summary.stuck).toBe(2)
      const { data: trouble } = await api.get(
        "/admin/backorders/troubleshooting",
        { headers }
      )
      expect(trouble.stuck_jobs.map((j: { id: string }) => j.id)).toEqual([
        created.id,
      ])
      expect(trouble.stuck_backorders).toEqual([
        expect.objectContaining({
          id: ids[1],
          pendingprocess: "network_divide_process",
          minutes: expect.any(Number),
        }),
      ])

      await api.post(
        `/admin/backorders/jobs/${created.id}/resume`,
        {},
        { headers }
      )
      const job = await waitForJob(created.id)
      expect(job).toMatchObject({
        status: "succeeded",
        processed: 2,
        failed: 0,
        progress: 100,
      })
      expect((await kit.backorderOf(first.id)).status).toBe("pending")
      expect((await kit.backorderOf(second.id)).status).toBe("pending")
      // 1 + 2 units reserved at the partner: each order allocated exactly once.
      expect(await kit.level(lamp.inventoryItemIds[0], partner)).toEqual({
        stocked: 3,
        reserved: 3,
      })
      expect(
        (await api.get("/admin/backorders/summary", { headers })).data.stuck
      ).toBe(0)
      expect(
        (
          await failure(
            api.post(
              `/admin/backorders/jobs/${created.id}/resume`,
              {},
              { headers }
            )
          )
        ).status
      ).toBe(400)
    })

    it("resets a job: its unprocessed orders return to their previous state", async () => {
      const container = getContainer()
      const order = await lampOrder(1)
      const backorder = await kit.backorderOf(order.id)
      expect(backorder.pendingprocess).toBe("network_backorder_process")
      const { result: created } = await createNetworkDivideJobWorkflow(
        container
      ).run({
        input: {
          backorder_ids: [backorder.id],
          actor: { type: "system" },
          start: false,
        },
      })
      expect((await kit.backorderOf(order.id)).pendingprocess).toBe(
        "network_divide_process"
      )

      const { data } = await api.post(
        `/admin/backorders/jobs/${created.id}/reset`,
        {},
        { headers }
      )
      expect(data.job).toMatchObject({
        status: "failed",
        error: expect.stringContaining("1 unprocessed order"),
      })
      expect(data.job.results).toEqual([
        expect.objectContaining({
          backorder_id: backorder.id,
          state: "skipped",
        }),
      ])
      expect(await kit.backorderOf(order.id)).toMatchObject({
        status: "network_backorder",
        pendingprocess: "network_backorder_process",
      })
      expect(await kit.level(lamp.inventoryItemIds[0], partner)).toEqual({
        stocked: 3,
        reserved: 0,
      })
    })

    it("repairs an order left in a process no job holds with one recheck call", async () => {
      const order = await lampOrder(1)
      const backorder = await kit.backorderOf(order.id)
      await dbConnection.raw(
        `update backorder set pendingprocess = 'network_divide_process', pendingprocess_at = now() - interval '3 hours' where id = ?`,
        [backorder.id]
      )
      expect(
        (await api.get("/admin/backorders/summary", { headers })).data.stuck
      ).toBe(1)
      const { data } = await api.post(
        `/admin/backorders/${backorder.id}/recheck`,
        {},
        { headers }
      )
      expect(data.recheck).toEqual({
        cleared_stale_process: true,
        released: false,
      })
      expect(data.backorder).toMatchObject({
        status: "network_backorder",
        pendingprocess: "network_backorder_process",
      })
      expect(data.backorder.explanation.summary).toContain("LAMP")
      expect(
        (await api.get("/admin/backorders/summary", { headers })).data.stuck
      ).toBe(0)
      expect(
        (
          await failure(
            api.post("/admin/backorders/bo_nope/recheck", {}, { headers })
          )
        ).status
      ).toBe(404)
    })
  }
)

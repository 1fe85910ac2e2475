/**
 * `npm run bench`: how long one release run takes with thousands of backorders
 * waiting for one SKU. Speed is measured here, not asserted in the test suite.
 * BENCH_BACKORDERS (default 2000) sets the queue length.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createProduct, setupStore } from "../dev/fixtures"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../src/modules/backorder"
import { releaseBackordersWorkflow } from "../src/workflows"

jest.setTimeout(30 * 60 * 1000)

const QUEUE = Number(process.env.BENCH_BACKORDERS || 2000)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer, dbConnection }) => {
    it(`releases ${QUEUE} backorders waiting for one SKU in one run`, async () => {
      const container = getContainer()
      const store = await setupStore(container)
      const [location] = store.locationIds
      const product = await createProduct(container, store, {
        title: "Bench item",
        sku: "BENCH",
        stock: { [location]: 0 },
      })
      const [item] = product.inventoryItemIds
      const service =
        container.resolve<BackorderModuleService>(BACKORDER_MODULE)

      // The queue is written straight into the module (placing thousands of
      // orders through checkout would measure checkout, not the release).
      const started = Date.now()
      for (let offset = 0; offset < QUEUE; offset += 500) {
        await service.savePlanChanges(
          {
            create: Array.from(
              { length: Math.min(500, QUEUE - offset) },
              (_, i) => {
                const n = offset + i
                return {
                  order_id: `order_bench_${n}`,
                  status: "backorder" as const,
                  priority: n % 10 === 0 ? 5 : 0,
                  order_created_at: new Date(
                    Date.UTC(2026, 0, 1, 0, 0, n)
                  ).toISOString(),
                  order_display_id: n + 1,
                  sales_channel_id: store.salesChannelId,
                  customer_id: null,
                  email: null,
                  backordered_at: new Date().toISOString(),
                  lines: [
                    {
                      line_item_id: `ordli_bench_${n}`,
                      variant_id: product.variantId,
                      sku: "BENCH",
                      title: "Bench item",
                      quantity: 2,
                      quantity_covered: 0,
                      quantity_released: 0,
                      components: [
                        { inventory_item_id: item, required_quantity: 1 },
                      ],
                    },
                  ],
                }
              }
            ),
            update: [],
            line_updates: [],
            events: [],
          },
          { type: "system" }
        )
      }
      const seeded = Date.now() - started

      // Enough stock for three quarters of the queue, written without events so
      // the measured run is the one that does the work.
      await dbConnection.raw(
        `update inventory_level set stocked_quantity = ?, raw_stocked_quantity = jsonb_build_object('value', ?::text, 'precision', 20) where inventory_item_id = ? and location_id = ?`,
        [Math.floor(QUEUE * 1.5), Math.floor(QUEUE * 1.5), item, location]
      )

      const runs: number[] = []
      let released = 0
      for (let run = 0; run < 3; run++) {
        const t0 = Date.now()
        const { result } = await releaseBackordersWorkflow(container).run({
          input: { inventory_item_ids: [item] },
        })
        runs.push(Date.now() - t0)
        released += result.released.length
      }
      const counts = await service.countByStatus()
      // eslint-disable-next-line no-console
      console.log(
        [
          `queue: ${QUEUE} backorders on one SKU (seeded in ${seeded} ms)`,
          `first release run (plans + writes): ${runs[0]} ms, released ${released}`,
          `second and third run (nothing to change): ${runs[1]} ms, ${runs[2]} ms`,
          `statuses after: ${JSON.stringify(counts)}`,
        ].join("\n")
      )
      expect(counts.pending + (counts.backorder ?? 0)).toBe(QUEUE)
    })
  },
})

/**
 * Seeds the demo store (run by `npm run demo` through `medusa exec`). Idempotent:
 * the first run creates the store and keeps its ids in the sales channel's
 * metadata; later runs read them back. Writes the ids and the number of demo
 * orders to DEMO_FIXTURE_FILE for the demo script, which places the orders
 * through the real storefront checkout once the server runs.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { writeFileSync } from "fs"
import {
  createBackorderArrivalsWorkflow,
  createProductAlternativesWorkflow,
} from "../src/workflows"
import { createProduct, setupStore, type StoreFixture } from "./fixtures"

const DEMO_NAME = "Backorders Demo"

export type DemoFixture = StoreFixture & {
  products: Record<string, { productId: string; variantId: string; inventoryItemIds: string[] }>
  ordersPlaced: number
}

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const [existing] = await salesChannels.listSalesChannels({
    name: `${DEMO_NAME} web shop`,
  })
  let fixture = existing?.metadata?.backorders_demo as DemoFixture | undefined

  if (!fixture) {
    logger.info(
      "Seeding the demo store (region, locations, shipping, products, stock)…"
    )
    const store = await setupStore(container, {
      name: DEMO_NAME,
      locations: ["Main warehouse"],
      networkLocations: ["Partner 3PL"],
    })
    const [main] = store.locationIds
    const [partner] = store.networkLocationIds
    const products = {
      shirt: await createProduct(container, store, {
        title: "Linen Shirt",
        sku: "SHIRT-LINEN-M",
        price: 45,
        stock: { [main]: 4 },
      }),
      mug: await createProduct(container, store, {
        title: "Ceramic Mug",
        sku: "MUG-CERAMIC",
        price: 12,
        stock: { [main]: 10 },
      }),
      lamp: await createProduct(container, store, {
        title: "Desk Lamp",
        sku: "LAMP-DESK",
        price: 60,
        stock: { [main]: 0, [partner]: 20 },
      }),
      lampWhite: await createProduct(container, store, {
        title: "Desk Lamp (white)",
        sku: "LAMP-DESK-WHITE",
        price: 60,
        stock: { [main]: 3 },
      }),
      shelf: await createProduct(container, store, {
        title: "Oak Shelf Kit",
        sku: "SHELF-OAK-KIT",
        price: 120,
        components: [
          {
            sku: "SHELF-BOLT",
            title: "Shelf bolt",
            required_quantity: 4,
            stock: { [main]: 8 },
          },
          {
            sku: "SHELF-BOARD",
            title: "Oak board",
            required_quantity: 2,
            stock: { [main]: 3 },
          },
        ],
      }),
    }
    // The white lamp may replace the regular one on backordered orders ("Apply Alternatives").
    await createProductAlternativesWorkflow(container).run({
      input: {
        alternatives: [
          {
            variant_id: products.lamp.variantId,
            alternative_variant_id: products.lampWhite.variantId,
            rank: 1,
          },
        ],
      },
    })
    // Purchase orders on their way, so waiting orders show estimated dates.
    const inDays = (days: number) =>
      new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    await createBackorderArrivalsWorkflow(container).run({
      input: {
        arrivals: [
          {
            inventory_item_id: products.shirt.inventoryItemIds[0],
            location_id: main,
            quantity: 6,
            expected_at: inDays(5),
            reference: "PO-1001",
          },
          {
            inventory_item_id: products.lamp.inventoryItemIds[0],
            location_id: main,
            quantity: 4,
            expected_at: inDays(12),
            reference: "PO-1002",
          },
        ],
      },
    })
    fixture = {
      ...store,
      products: Object.fromEntries(
        Object.entries(products).map(([key, p]) => [
          key,
          { productId: p.productId, variantId: p.variantId, inventoryItemIds: p.inventoryItemIds },
        ])
      ),
      ordersPlaced: 0,
    }
    await salesChannels.updateSalesChannels(store.salesChannelId, {
      metadata: { backorders_demo: fixture },
    })
  } else {
    logger.info("Demo store already seeded: reusing it.")
  }

  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: { sales_channel_id: fixture.salesChannelId },
  })
  fixture = { ...fixture, ordersPlaced: orders.length }

  if (process.env.DEMO_FIXTURE_FILE) {
    writeFileSync(
      process.env.DEMO_FIXTURE_FILE,
      JSON.stringify(fixture, null, 2)
    )
  }
}

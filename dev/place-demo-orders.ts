/**
 * Places the demo orders through the running server's storefront API (run by
 * `npm run demo` through `medusa exec` once the server answers), using the same
 * checkout as the integration tests, then prints the backorder summary.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { readFileSync } from "fs"
import { checkout, type HttpPost } from "./fixtures"
import type { DemoFixture } from "./seed-demo"

const base = () => process.env.DEMO_BASE_URL ?? "http://localhost:9000"

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
) {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = (await response.json().catch(() => ({}))) as T
  if (!response.ok) {
    throw new Error(
      `${method} ${path} → ${response.status} ${JSON.stringify(data)}`
    )
  }
  return { data }
}

const post: HttpPost = (path, body, headers) =>
  request("POST", path, body, headers)

export default async function placeDemoOrders({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const fixture = JSON.parse(
    readFileSync(process.env.DEMO_FIXTURE_FILE!, "utf8")
  ) as DemoFixture
  const p = fixture.products
  const orders = [
    {
      label: "3 shirts (4 in stock: ships)",
      items: [{ variant_id: p.shirt.variantId, quantity: 3 }],
    },
    {
      label: "3 shirts (1 left: 2 backordered)",
      items: [{ variant_id: p.shirt.variantId, quantity: 3 }],
    },
    {
      label: "2 desk lamps (none at the warehouse; 20 at the partner 3PL)",
      items: [{ variant_id: p.lamp.variantId, quantity: 2 }],
    },
    {
      label: "2 mugs + 1 lamp (mugs in stock, lamp backordered)",
      items: [
        { variant_id: p.mug.variantId, quantity: 2 },
        { variant_id: p.lamp.variantId, quantity: 1 },
      ],
    },
    {
      label: "2 shelf kits (boards for one kit only)",
      items: [{ variant_id: p.shelf.variantId, quantity: 2 }],
    },
    {
      label: "1 lamp with express shipping (priority 10)",
      items: [{ variant_id: p.lamp.variantId, quantity: 1 }],
      express: true,
    },
    {
      label: "1 mug (ships)",
      items: [{ variant_id: p.mug.variantId, quantity: 1 }],
    },
  ]
  for (const [index, order] of orders.entries()) {
    const placed = await checkout(post, fixture, {
      ...order,
      email: `customer${index + 1}@example.com`,
    })
    logger.info(`Placed order #${placed.display_id}: ${order.label}`)
    // Detection runs in the server's order.placed subscriber; pace the orders so their rank follows placement.
    await new Promise((resolve) => setTimeout(resolve, 1500))
  }

  const { data: auth } = await request<{ token: string }>(
    "POST",
    "/auth/user/emailpass",
    {
      email: process.env.DEMO_ADMIN_EMAIL,
      password: process.env.DEMO_ADMIN_PASSWORD,
    }
  )
  const { data: summary } = await request<{
    counts: Record<string, number>
    unlockable: number
  }>("GET", "/admin/backorders/summary", undefined, {
    authorization: `Bearer ${auth.token}`,
  })
  logger.info(
    `Backorders now: ${JSON.stringify(summary.counts)}, unlockable: ${summary.unlockable}`
  )
}

// Browser tests of the admin UI: starts the store like the demo (fresh
// database), drives Debian's Chromium with playwright-core through what a
// merchant does on the orders page, and saves a screenshot of each screen in
// docs/screenshots. Run by `npm test` after the Jest suites.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { chromium } from "playwright-core"
import { freePort } from "./lib/embedded-postgres.mjs"
import { root, startDemoApp } from "./lib/demo-app.mjs"

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const EMAIL = "browser@example.com"
const PASSWORD = "browser-test-password"
const SHOTS = path.join(root, "docs", "screenshots")
// Screenshots go to a temporary folder first: `medusa develop` restarts on any
// file written inside the project while it runs.
const SHOTS_TMP = mkdtempSync(path.join(os.tmpdir(), "backorders-screens-"))
const VIEWPORT = { width: 1440, height: 900 }
const log = (message) => console.log(`\x1b[35m[browser]\x1b[0m ${message}`)

if (!existsSync(CHROMIUM)) {
  console.error(
    `[browser] Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`
  )
  process.exit(1)
}
if (!process.env.DATABASE_URL && !process.env.BROWSER_TEST_BASE_URL) {
  console.error("[browser] DATABASE_URL (an empty database) is required; `npm test` provides one.")
  process.exit(1)
}
mkdirSync(SHOTS, { recursive: true })

const results = []
let page = null
async function scenario(name, fn) {
  const started = Date.now()
  try {
    await fn()
    results.push({ name, ok: true, ms: Date.now() - started })
    log(`✓ ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    await page?.screenshot({ path: path.join(SHOTS_TMP, `FAILED-${name.replace(/\W+/g, "-")}.png`) }).catch(() => undefined)
    results.push({ name, ok: false, error })
    log(`✕ ${name}\n    ${error.stack ?? error.message}`)
  }
}
const expect = (condition, message) => {
  if (!condition) {
    throw new Error(message)
  }
}

// BROWSER_TEST_BASE_URL + BROWSER_TEST_FIXTURE point the tests at a running demo (for debugging).
const app = process.env.BROWSER_TEST_BASE_URL
  ? {
      base: process.env.BROWSER_TEST_BASE_URL,
      fixture: JSON.parse(readFileSync(process.env.BROWSER_TEST_FIXTURE, "utf8")),
      stop: async () => undefined,
    }
  : await startDemoApp({
  port: await freePort(Number(process.env.BROWSER_TEST_PORT || 9350)),
  databaseUrl: process.env.DATABASE_URL,
  dataDir: path.join(root, ".data", "browser-postgres"),
  adminEmail: EMAIL,
  adminPassword: PASSWORD,
  quietServer: !process.env.BROWSER_TEST_VERBOSE,
  storefront: true,
  log,
})

const api = async (method, url, body) => {
  const { token } = await (
    await fetch(`${app.base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    })
  ).json()
  const response = await fetch(`${app.base}${url}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body ? JSON.stringify(body) : undefined,
  })
  return response.json()
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
})
const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true })
page = await context.newPage()
page.setDefaultTimeout(60000)
page.on("pageerror", (error) => log(`page error: ${error.message}`))
page.on("console", (message) => message.type() === "error" && log(`console error: ${message.text().slice(0, 300)}`))
const shot = (name) => page.screenshot({ path: path.join(SHOTS_TMP, `${name}.png`) })
const widget = () => page.getByTestId("backorders-orders-widget")
const table = () => widget().locator("table")

try {
  await scenario("logs in to the admin", async () => {
    // The first load lets Vite prepare the admin bundle; give it time.
    await page.goto(`${app.base}/app/login`, { timeout: 180000 })
    await page.locator('input[name="email"]').fill(EMAIL, { timeout: 180000 })
    await page.locator('input[name="password"]').fill(PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(/\/app\/orders/, { timeout: 120000 })
  })

  await scenario("shows the Backorder alert with the right count at the top of the orders page", async () => {
    const summary = await api("GET", "/admin/backorders/summary")
    const waiting = summary.counts.backorder + summary.counts.network_backorder
    expect(waiting > 0, "the demo has waiting backorders")
    const count = page.getByTestId("backorder-alert-count")
    await count.filter({ hasText: String(waiting) }).waitFor()
    const box = await page.getByTestId("backorder-alert").boundingBox()
    expect(box && box.y + box.height < VIEWPORT.height, `alert visible without scrolling (y = ${box?.y})`)
    const ordersTable = await page.locator("table").first().boundingBox()
    expect(ordersTable && box && box.y < ordersTable.y + 1, "alert above the orders table")
    await shot("01-orders-page-alert")
  })

  await scenario("the alert leads to the filtered list of waiting backorders", async () => {
    const summary = await api("GET", "/admin/backorders/summary")
    const waiting = summary.counts.backorder + summary.counts.network_backorder
    await page.getByTestId("backorder-alert").click()
    await table().locator("tbody tr").first().waitFor()
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="backorders-orders-widget"] table tbody tr').length === n,
      waiting
    )
    await shot("02-backorders-table")
  })

  await scenario("a priority change reorders the table", async () => {
    const rows = table().locator("tbody tr")
    const lastOrder = (await rows.last().locator("td").nth(1).innerText()).trim()
    await rows.last().locator('button[role="checkbox"]').click()
    await page.keyboard.press("p")
    await page.locator("#bulk-priority").fill("50")
    await page.getByRole("button", { name: "Set priority" }).click()
    await page.waitForFunction(
      (order) =>
        document
          .querySelector('[data-testid="backorders-orders-widget"] table tbody tr td:nth-child(2)')
          ?.textContent?.trim() === order,
      lastOrder
    )
  })

  await scenario("the Unlock Backorders window divides the selected orders", async () => {
    await page.getByTestId("unlock-backorders").click()
    const rows = page.getByTestId("unlockable-row")
    await rows.first().waitFor()
    const count = await rows.count()
    await page.locator("#unlock-select-all").click()
    await shot("03-unlock-backorders")
    await page.getByRole("button", { name: new RegExp(`^Divide \\(${count}\\)`) }).click()
    await page.getByTestId("bulk-result").first().waitFor()
    const outcomes = await page.getByTestId("bulk-result").allInnerTexts()
    expect(outcomes.length === count, `one result per order (${outcomes.length}/${count})`)
    expect(outcomes.every((text) => text.startsWith("divided")), `all divided: ${outcomes.join(" | ")}`)
    await shot("04-unlock-results")
    await page.getByRole("button", { name: "Done" }).click()
    const summary = await api("GET", "/admin/backorders/summary")
    expect(summary.unlockable === 0, "nothing left to unlock")
  })

  await scenario("Send what's available on a selection updates the table", async () => {
    // A fresh unit of the shirt arrives: the first shirt order now has something to send.
    const { backorders } = await api("GET", "/admin/backorders?sku=SHIRT-LINEN-M&status=backorder")
    const shirt = backorders[0]
    const before = shirt.lines[0].quantity_released
    const fixtureItem = app.fixture.products.shirt.inventoryItemIds[0]
    const location = app.fixture.locationIds[0]
    const { inventory_levels } = await api("GET", `/admin/inventory-items/${fixtureItem}/location-levels?location_id=${location}`)
    await api("POST", `/admin/inventory-items/${fixtureItem}/location-levels/${location}`, {
      stocked_quantity: Number(inventory_levels[0].stocked_quantity) + 1,
    })
    await page.waitForTimeout(1500)
    await page.reload()
    await page.getByTestId("backorder-alert").click()
    const row = table().locator("tbody tr", { hasText: `#${shirt.display_id}` })
    await row.locator('button[role="checkbox"]').click()
    await page.keyboard.press("s")
    await page.getByTestId("bulk-result").first().waitFor()
    const text = await page.getByTestId("bulk-result").first().innerText()
    expect(text.startsWith("divided") || text.startsWith("released"), `sent: ${text}`)
    await shot("05-send-available-results")
    await page.keyboard.press("Escape")
    await row.filter({ hasText: "released" }).waitFor()
    const after = (await api("GET", `/admin/backorders?order_id=${shirt.order_id}`)).backorders[0]
    expect(after.lines[0].quantity_released > before || after.status === "pending", "units released")
  })

  await scenario("a network divide shows its progress reaching 100 %", async () => {
    const { backorders } = await api("GET", "/admin/backorders?status=network_backorder")
    expect(backorders.length > 0, "the demo has network backorders")
    await page.reload()
    await page.getByTestId("backorder-alert").click()
    for (const backorder of backorders) {
      await table().locator("tbody tr", { hasText: `#${backorder.display_id}` }).locator('button[role="checkbox"]').click()
    }
    await page.keyboard.press("n")
    await page.getByTestId("job-progress").waitFor()
    await page.getByTestId("job-progress-value").filter({ hasText: "100 %" }).waitFor({ timeout: 60000 })
    await page.getByLabel("Job results").waitFor()
    await shot("06-network-divide-progress")
    await page.keyboard.press("Escape")
    const { backorders: left } = await api("GET", "/admin/backorders?status=network_backorder")
    expect(left.length === 0, "network backorders were divided")
  })

  await scenario("the order page widget shows the explanation", async () => {
    const { backorders } = await api("GET", "/admin/backorders?status=backorder")
    expect(backorders.length > 0, "a backorder still waits")
    await page.goto(`${app.base}/app/orders/${backorders[0].order_id}`)
    const explanation = page.getByTestId("backorder-explanation")
    await explanation.waitFor()
    const text = await explanation.innerText()
    expect(/Waiting for|complete policy|covered/.test(text), `explanation: ${text}`)
    await page.getByTestId("order-backorder-widget").scrollIntoViewIfNeeded()
    await shot("07-order-widget")
  })

  await scenario("the SKU report renders its chart and downloads the CSV", async () => {
    await page.goto(`${app.base}/app/backorders/skus`)
    await page.getByTestId("sku-bar").first().waitFor()
    const bars = await page.getByTestId("sku-bar").count()
    const rows = await page.getByTestId("sku-row").count()
    expect(bars > 0 && bars === Math.min(rows, 10), `bars ${bars} for rows ${rows}`)
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sku-csv").click()])
    const file = await download.path()
    const csv = readFileSync(file, "utf8").replace(/^\uFEFF/, "")
    expect(csv.startsWith("sku,inventory_item_id,units_backordered"), `CSV header: ${csv.slice(0, 60)}`)
    expect(csv.trim().split("\n").length === rows + 1, "one CSV line per SKU")
    await page.locator("#what-if-sku").click()
    await page.getByRole("option").first().click()
    await page.locator("#what-if-quantity").fill("5")
    await page.getByRole("button", { name: "Simulate" }).click()
    await page.getByTestId("what-if-result").waitFor()
    await shot("08-sku-report")
  })

  await scenario("the Backorders page lists jobs, shows the change queue, and the settings page saves", async () => {
    await page.goto(`${app.base}/app/backorders`)
    await page.getByTestId("jobs-panel").getByText("succeeded").first().waitFor()
    // Everything the demo did has been planned: the change queue is empty.
    await page.getByTestId("queue-status").getByText("Every change is planned").waitFor()
    await shot("09-backorders-page")
    await page.goto(`${app.base}/app/settings/backorders`)
    await page.getByTestId("backorder-settings").waitFor()
    await page.locator("#stuck-after").fill("0")
    await page.getByText("Enter whole minutes between 1 and 10080.").waitFor()
    await page.locator("#stuck-after").fill("45")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByText("Backorder settings saved").waitFor()
    const settings = await api("GET", "/admin/backorders/settings")
    expect(settings.settings.stuck_after_minutes === 45, "stuck threshold saved")
    await shot("10-settings")
  })

  await scenario("the variant page lists its alternatives", async () => {
    const lamp = app.fixture.products.lamp
    const alternatives = await api("GET", `/admin/product-alternatives?variant_id=${lamp.variantId}`)
    expect(alternatives.count === 1, "the demo lamp has one alternative")
    await page.goto(`${app.base}/app/products/${lamp.productId}/variants/${lamp.variantId}`)
    const widgetBox = page.getByTestId("variant-alternatives")
    await widgetBox.getByText("LAMP-DESK-WHITE").waitFor()
    await widgetBox.scrollIntoViewIfNeeded()
    await shot("11-variant-alternatives")
  })

  await scenario("waiting orders show their expected date; the inventory item page records an arrival", async () => {
    const { backorders } = await api("GET", "/admin/backorders?status=backorder,network_backorder&limit=100")
    const dated = backorders.find((b) => b.estimated_at)
    expect(!!dated, "a waiting backorder has an estimated date from the demo's purchase orders")
    await page.goto(`${app.base}/app/orders/${dated.order_id}`)
    const estimate = page.getByTestId("backorder-estimate")
    await estimate.waitFor()
    const said = await estimate.innerText()
    expect(/^(Expected|Ready now)/.test(said), `estimate: ${said}`)
    await page.getByTestId("order-backorder-widget").scrollIntoViewIfNeeded()
    await shot("12-order-estimate")

    const shirt = app.fixture.products.shirt.inventoryItemIds[0]
    await page.goto(`${app.base}/app/inventory/${shirt}`)
    const arrivals = page.getByTestId("inventory-arrivals")
    await arrivals.getByText("PO-1001").waitFor()
    const before = await arrivals.getByTestId("arrival-row").count()
    const date = new Date(Date.now() + 20 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    await arrivals.locator("#arrival-quantity").fill("3")
    await arrivals.locator("#arrival-date").fill(date)
    await arrivals.locator("#arrival-reference").fill("PO-BROWSER")
    await arrivals.getByRole("button", { name: "Add arrival" }).click()
    await arrivals.getByText("PO-BROWSER").waitFor()
    expect((await arrivals.getByTestId("arrival-row").count()) === before + 1, "the new arrival is listed")
    const { arrivals: stored } = await api("GET", `/admin/backorders/arrivals?inventory_item_id=${shirt}&status=expected`)
    expect(stored.some((a) => a.reference === "PO-BROWSER" && a.quantity === 3), "the arrival was saved")
    // A purchase order file from a spreadsheet, in the export's columns.
    const mainLocation = app.fixture.locationIds[0]
    await arrivals.getByTestId("arrivals-import").locator("input").setInputFiles({
      name: "purchase-orders.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`sku,location_id,quantity,expected_at,reference\nSHIRT-LINEN-M,${mainLocation},2,${date},PO-CSV\n`),
    })
    await arrivals.getByText("PO-CSV").waitFor()
    await arrivals.scrollIntoViewIfNeeded()
    await shot("13-inventory-arrivals")
  })

  await scenario("the storefront shows the backorder message, the cart notice and the customer's order status", async () => {
    const shop = await context.newPage()
    shop.setDefaultTimeout(60000)
    await shop.goto(`${app.storefrontBase}/#/`)
    await shop.getByTestId("availability").first().waitFor()
    const messages = await shop.getByTestId("availability").allInnerTexts()
    expect(messages.some((m) => m.startsWith("Backorder")), `a backorder message: ${messages.join(" | ")}`)
    expect(messages.some((m) => m === "In stock"), "an in-stock message")
    await shop.screenshot({ path: path.join(SHOTS_TMP, "14-storefront-product.png") })
    const backordered = shop.getByTestId("product").filter({ has: shop.getByText(/^Backorder/) }).first()
    await backordered.getByRole("button", { name: "Add to cart" }).click()
    await shop.waitForURL(/#\/cart$/)
    await shop.getByTestId("cart-backorder-notice").waitFor()
    await shop.screenshot({ path: path.join(SHOTS_TMP, "15-storefront-cart.png") })

    await shop.goto(`${app.storefrontBase}/#/account`)
    await shop.getByTestId("login").click()
    await shop.getByText("Your orders").waitFor()
    await shop.goto(`${app.storefrontBase}/#/cart`)
    await shop.getByTestId("place-order").click()
    await shop.waitForURL(/#\/account$/)
    const card = shop.getByTestId("order-backorder").first()
    for (let i = 0; i < 30 && !(await card.count()); i++) {
      await shop.waitForTimeout(1000)
      await shop.reload()
    }
    await card.waitFor()
    const text = await card.innerText()
    expect(/Waiting for stock/.test(text) && /waiting/.test(text), `order status: ${text}`)
    await shop.screenshot({ path: path.join(SHOTS_TMP, "16-storefront-account.png") })
    await shop.close()
  })
} finally {
  await browser.close().catch(() => undefined)
  await app.stop()
  cpSync(SHOTS_TMP, SHOTS, { recursive: true, filter: (source) => !path.basename(source).startsWith("FAILED-") })
  log(`screenshots: ${SHOTS_TMP} (copied to docs/screenshots)`)
}

const failed = results.filter((r) => !r.ok)
log(`${results.length - failed.length} passed, ${failed.length} failed`)
process.exit(failed.length ? 1 : 0)

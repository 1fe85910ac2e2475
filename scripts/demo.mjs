// `npm run demo`: a Medusa store with the plugin and live backorders, on a
// fresh machine. Without DATABASE_URL it starts an embedded PostgreSQL whose
// data stays in .data/demo-postgres (a second run reuses it). It migrates,
// seeds the store, creates the admin user, serves Medusa on PORT and places the
// demo orders through the real storefront checkout. Ctrl-C stops everything.
// With REDIS_URL set it runs like production: a server and a worker process
// on the Redis event bus, workflow engine and locking (DEMO_LOCKING=postgres:
// the PostgreSQL locking provider instead).
import path from "node:path"
import { root, startDemoApp } from "./lib/demo-app.mjs"

const PORT = Number(process.env.PORT || 9000)
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
const log = (message) => console.log(`\x1b[36m[demo]\x1b[0m ${message}`)

let app = null
let shuttingDown = false

async function shutdown(code = 0) {
  if (shuttingDown) {
    return
  }
  shuttingDown = true
  await app?.stop()
  process.exit(code)
}
process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))

try {
  app = await startDemoApp({
    port: PORT,
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(root, ".data", "demo-postgres"),
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    storefront: true,
    log,
  })
  app.server.on("exit", (code) => {
    if (!shuttingDown) {
      log(`Medusa exited (${code}).`)
      shutdown(code ?? 1)
    }
  })
  console.log(
    [
      "",
      "  ┌───────────────────────────────────────────────────────────────",
      `  │ Medusa admin:   ${app.base}/app`,
      `  │ Login:          ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`,
      `  │ Backorders API: ${app.base}/admin/backorders (admin session or token)`,
      `  │ Storefront:     ${app.storefrontBase} (product page, cart, account)`,
      `  │ Storefront key: ${app.fixture.publishableKey}`,
      `  │ Customer mail:  .data/outbox/ (one JSON file per notification)`,
      `  │ Processes:      ${[...app.processes.values()].map((p) => `${p.name} (${p.mode}, port ${p.port})`).join(", ")}`,
      `  │ Locking:        ${process.env.REDIS_URL ? (process.env.DEMO_LOCKING ?? "redis") : process.env.DEMO_LOCKING ?? "in-memory (one process)"}`,
      "  │ Ctrl-C stops Medusa" + (app.embedded ? " and the embedded PostgreSQL." : "."),
      "  └───────────────────────────────────────────────────────────────",
      "",
    ].join("\n")
  )
} catch (error) {
  console.error(`[demo] ${error.message}`)
  await shutdown(1)
}

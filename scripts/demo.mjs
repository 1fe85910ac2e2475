// `npm run demo`: a Medusa store with the plugin and live backorders, on a
// fresh machine. Without DATABASE_URL it starts an embedded PostgreSQL whose
// data stays in .data/demo-postgres (a second run reuses it). It migrates,
// seeds the store, creates the admin user, serves Medusa on PORT and places the
// demo orders through the real storefront checkout. Ctrl-C stops everything.
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startEmbeddedPostgres } from "./lib/embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const dataDir = path.join(root, ".data")
mkdirSync(dataDir, { recursive: true })

const PORT = Number(process.env.PORT || 9000)
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
const BASE = `http://localhost:${PORT}`
const log = (message) => console.log(`\x1b[36m[demo]\x1b[0m ${message}`)

let embedded = null
let server = null
let shuttingDown = false

async function shutdown(code = 0) {
  if (shuttingDown) {
    return
  }
  shuttingDown = true
  if (server && server.exitCode === null) {
    log("Stopping Medusa…")
    const exited = new Promise((resolve) => server.once("exit", resolve))
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {
      server.kill("SIGTERM")
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))])
  }
  if (embedded) {
    log("Stopping the embedded PostgreSQL…")
    await embedded.stop().catch(() => undefined)
  }
  process.exit(code)
}
process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))

function run(command, args, env, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: quiet ? "pipe" : "inherit" })
    let output = ""
    child.stdout?.on("data", (chunk) => (output += chunk))
    child.stderr?.on("data", (chunk) => (output += chunk))
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(Object.assign(new Error(`${command} ${args.join(" ")} exited with ${code}`), { output }))
    )
  })
}

async function waitForHealth(timeoutMs = 240000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) {
      throw new Error("Medusa exited before it was ready")
    }
    try {
      const response = await fetch(`${BASE}/health`)
      if (response.ok) {
        return
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error(`Medusa did not answer on ${BASE}/health within ${timeoutMs / 1000}s`)
}

async function main() {
  const env = { ...process.env, PORT: String(PORT), NODE_ENV: process.env.NODE_ENV || "development" }
  if (!env.DATABASE_URL) {
    const dbPort = await freePort(Number(process.env.DEMO_DB_PORT || 54329))
    log(`No DATABASE_URL: starting an embedded PostgreSQL on port ${dbPort} (data in .data/demo-postgres)…`)
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "demo-postgres"), port: dbPort })
    await embedded.ensureDatabase("medusa_backorders_demo")
    env.DATABASE_URL = embedded.url("medusa_backorders_demo")
  } else {
    log("Using the database in DATABASE_URL.")
  }

  log("Running migrations…")
  await run("npx", ["medusa", "db:migrate"], env, { quiet: true }).catch((error) => {
    console.error(error.output)
    throw error
  })

  log("Seeding the demo store…")
  const fixtureFile = path.join(dataDir, "demo-fixture.json")
  await run("npx", ["medusa", "exec", "./dev/seed-demo.ts"], { ...env, DEMO_FIXTURE_FILE: fixtureFile }, { quiet: true }).catch(
    (error) => {
      console.error(error.output)
      throw error
    }
  )
  const fixture = JSON.parse(readFileSync(fixtureFile, "utf8"))

  log(`Creating the admin user ${ADMIN_EMAIL}…`)
  await run("npx", ["medusa", "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], env, { quiet: true }).catch((error) => {
    if (!/already exists/i.test(error.output ?? "")) {
      console.error(error.output)
      throw error
    }
    log("Admin user already exists: keeping it.")
  })

  // Express shipping gets priority 10: its orders are served before older standard ones.
  env.BACKORDERS_OPTIONS = JSON.stringify({
    priority_rules: [{ priority: 10, shipping_option_ids: [fixture.expressShippingOptionId] }],
    network_location_ids: fixture.networkLocationIds,
  })

  log(`Starting Medusa with the plugin on port ${PORT}…`)
  server = spawn("npx", ["medusa", "develop"], { cwd: root, env, stdio: "inherit", detached: true })
  server.on("exit", (code) => {
    if (!shuttingDown) {
      log(`Medusa exited (${code}).`)
      shutdown(code ?? 1)
    }
  })
  await waitForHealth()

  if (fixture.ordersPlaced === 0) {
    log("Placing the demo orders through the storefront checkout…")
    await run("npx", ["medusa", "exec", "./dev/place-demo-orders.ts"], {
      ...env,
      DEMO_FIXTURE_FILE: fixtureFile,
      DEMO_BASE_URL: BASE,
      DEMO_ADMIN_EMAIL: ADMIN_EMAIL,
      DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    })
  } else {
    log(`Demo orders already placed (${fixture.ordersPlaced}): not placing them again.`)
  }

  console.log(
    [
      "",
      "  ┌───────────────────────────────────────────────────────────────",
      `  │ Medusa admin:   ${BASE}/app`,
      `  │ Login:          ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`,
      `  │ Backorders API: ${BASE}/admin/backorders (admin session or token)`,
      `  │ Storefront key: ${fixture.publishableKey}`,
      "  │ Ctrl-C stops Medusa" + (embedded ? " and the embedded PostgreSQL." : "."),
      "  └───────────────────────────────────────────────────────────────",
      "",
    ].join("\n")
  )
}

main().catch(async (error) => {
  console.error(`[demo] ${error.message}`)
  await shutdown(1)
})

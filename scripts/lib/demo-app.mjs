// Starts the demo store: database (embedded PostgreSQL unless a URL is given),
// migrations, seed, admin user, Medusa with the plugin, and the demo orders
// placed through the storefront checkout. Used by `npm run demo` and by the
// browser tests.
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs"

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")

export function run(command, args, env, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: quiet ? "pipe" : "inherit" })
    let output = ""
    child.stdout?.on("data", (chunk) => (output += chunk))
    child.stderr?.on("data", (chunk) => (output += chunk))
    child.on("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(Object.assign(new Error(`${command} ${args.join(" ")} exited with ${code}`), { output }))
    )
  })
}

async function runQuiet(command, args, env) {
  try {
    return await run(command, args, env, { quiet: true })
  } catch (error) {
    console.error(error.output)
    throw error
  }
}

async function waitForHealth(base, server, timeoutMs = 300000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (server.exitCode !== null) {
      throw new Error("Medusa exited before it was ready")
    }
    try {
      const response = await fetch(`${base}/health`)
      if (response.ok) {
        return
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error(`Medusa did not answer on ${base}/health within ${timeoutMs / 1000}s`)
}

/**
 * @param {object} options
 * @param {number} options.port            Medusa's port
 * @param {string} [options.databaseUrl]   use this database instead of an embedded one
 * @param {string} options.dataDir         folder for the embedded PostgreSQL
 * @param {boolean} [options.freshDatabase] wipe the embedded data first
 * @param {string} options.adminEmail
 * @param {string} options.adminPassword
 * @param {boolean} [options.quietServer]  keep Medusa's own logs out of the terminal
 * @param {(message: string) => void} options.log
 */
export async function startDemoApp(options) {
  const { port, adminEmail, adminPassword, log } = options
  const base = `http://localhost:${port}`
  const dataDir = path.join(root, ".data")
  mkdirSync(dataDir, { recursive: true })
  const env = { ...process.env, PORT: String(port), NODE_ENV: process.env.NODE_ENV || "development" }
  let embedded = null
  let server = null

  const stop = async () => {
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
  }

  try {
    if (options.databaseUrl) {
      env.DATABASE_URL = options.databaseUrl
      log("Using the given database.")
    } else {
      const dbPort = await freePort(Number(process.env.DEMO_DB_PORT || 54329))
      log(`Starting an embedded PostgreSQL on port ${dbPort} (data in ${path.relative(root, options.dataDir)})…`)
      embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: dbPort, fresh: !!options.freshDatabase })
      await embedded.ensureDatabase("medusa_backorders_demo")
      env.DATABASE_URL = embedded.url("medusa_backorders_demo")
    }

    log("Running migrations…")
    await runQuiet("npx", ["medusa", "db:migrate"], env)

    log("Seeding the demo store…")
    const fixtureFile = path.join(dataDir, `demo-fixture-${port}.json`)
    await runQuiet("npx", ["medusa", "exec", "./dev/seed-demo.ts"], { ...env, DEMO_FIXTURE_FILE: fixtureFile })
    const fixture = JSON.parse(readFileSync(fixtureFile, "utf8"))

    log(`Creating the admin user ${adminEmail}…`)
    await run("npx", ["medusa", "user", "-e", adminEmail, "-p", adminPassword], env, { quiet: true }).catch((error) => {
      if (!/already exists/i.test(error.output ?? "")) {
        console.error(error.output)
        throw error
      }
      log("Admin user already exists: keeping it.")
    })

    // Express shipping gets priority 10; the partner 3PL is a network location.
    env.BACKORDERS_OPTIONS = JSON.stringify({
      priority_rules: [{ priority: 10, shipping_option_ids: [fixture.expressShippingOptionId] }],
      network_location_ids: fixture.networkLocationIds,
    })

    log(`Starting Medusa with the plugin on port ${port}…`)
    server = spawn("npx", ["medusa", "develop"], {
      cwd: root,
      env,
      stdio: options.quietServer ? "ignore" : "inherit",
      detached: true,
    })
    await waitForHealth(base, server)

    if (fixture.ordersPlaced === 0) {
      log("Placing the demo orders through the storefront checkout…")
      await runQuiet("npx", ["medusa", "exec", "./dev/place-demo-orders.ts"], {
        ...env,
        DEMO_FIXTURE_FILE: fixtureFile,
        DEMO_BASE_URL: base,
        DEMO_ADMIN_EMAIL: adminEmail,
        DEMO_ADMIN_PASSWORD: adminPassword,
      })
    } else {
      log(`Demo orders already placed (${fixture.ordersPlaced}): not placing them again.`)
    }
    return { base, fixture, server, embedded, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

// Starts the demo store: database (embedded PostgreSQL unless a URL is given),
// migrations, seed, admin user, Medusa with the plugin, and the demo orders
// placed through the storefront checkout. Used by `npm run demo` and by the
// browser tests.
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs"

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  ".."
)

export function run(command, args, env, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env,
      stdio: quiet ? "pipe" : "inherit",
    })
    let output = ""
    child.stdout?.on("data", (chunk) => (output += chunk))
    child.stderr?.on("data", (chunk) => (output += chunk))
    child.on("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(
            Object.assign(
              new Error(`${command} ${args.join(" ")} exited with ${code}`),
              { output }
            )
          )
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
  throw new Error(
    `Medusa did not answer on ${base}/health within ${timeoutMs / 1000}s`
  )
}

/**
 * One Medusa process of the demo: `server` answers HTTP (API and admin),
 * `worker` runs subscribers and scheduled jobs, `shared` does both.
 */
function spawnMedusa({ name, mode, port, env, command, quiet }) {
  const child = spawn("npx", ["medusa", command], {
    cwd: root,
    env: {
      ...env,
      PORT: String(port),
      MEDUSA_WORKER_MODE: mode,
      // A worker serves no admin: do not build it twice.
      ...(mode === "worker" ? { DISABLE_ADMIN: "true" } : {}),
    },
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    detached: true,
  })
  const logs = []
  const keep = (chunk) => {
    logs.push(String(chunk))
    if (logs.length > 400) {
      logs.splice(0, logs.length - 400)
    }
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  return { name, mode, port, child, base: `http://localhost:${port}`, logs }
}

async function stopMedusa(proc, signal = "SIGTERM", log = () => undefined) {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) {
    return
  }
  log(`Stopping Medusa (${proc.name})…`)
  const exited = new Promise((resolve) => proc.child.once("exit", resolve))
  try {
    process.kill(-proc.child.pid, signal)
  } catch {
    proc.child.kill(signal)
  }
  await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(resolve, 10000)),
  ])
}

/**
 * @param {object} options
 * @param {number} options.port            Medusa's port (the server's, with REDIS_URL)
 * @param {string} [options.databaseUrl]   use this database instead of an embedded one
 * @param {string} options.dataDir         folder for the embedded PostgreSQL
 * @param {boolean} [options.freshDatabase] wipe the embedded data first
 * @param {string} options.adminEmail
 * @param {string} options.adminPassword
 * @param {boolean} [options.quietServer]  keep Medusa's own logs out of the terminal
 * @param {"develop" | "start"} [options.command] `develop` (default: restarts on edits, admin with HMR) or `start`
 * @param {object} [options.backorderOptions] plugin options merged over the demo's
 * @param {Record<string, string>} [options.env] extra environment for every Medusa process
 * @param {(message: string) => void} options.log
 * @param {boolean} [options.storefront] also serve the demo storefront (storefront/, Vite) on its own port
 *
 * With REDIS_URL set, Medusa runs like production: one `server` process and
 * one `worker` process sharing the database, on the Redis event bus, Redis
 * workflow engine and Redis locking (DEMO_LOCKING=postgres selects the
 * PostgreSQL locking provider instead). Without it, one process does both.
 */
export async function startDemoApp(options) {
  const { port, adminEmail, adminPassword, log } = options
  const base = `http://localhost:${port}`
  const dataDir = path.join(root, ".data")
  mkdirSync(dataDir, { recursive: true })
  const env = {
    ...process.env,
    ...(options.env ?? {}),
    NODE_ENV: process.env.NODE_ENV || "development",
  }
  const command = options.command ?? "develop"
  const multiProcess = !!env.REDIS_URL
  // One-off commands (migrate, seed, exec) never act as a worker.
  const toolEnv = () => ({
    ...env,
    PORT: String(port),
    ...(multiProcess ? { MEDUSA_WORKER_MODE: "server" } : {}),
  })
  let embedded = null
  let storefront = null
  const processes = new Map()
  // The storefront's origin must pass Medusa's store and auth CORS.
  const storefrontPort = options.storefront
    ? await freePort(Number(process.env.DEMO_STOREFRONT_PORT || 8000))
    : null
  if (storefrontPort) {
    const origin = `http://localhost:${storefrontPort}`
    env.STORE_CORS = [env.STORE_CORS, origin].filter(Boolean).join(",")
    env.AUTH_CORS = [env.AUTH_CORS ?? base, origin].join(",")
  }

  const stop = async () => {
    if (storefront) {
      await storefront.close().catch(() => undefined)
    }
    for (const proc of [...processes.values()].reverse()) {
      await stopMedusa(proc, "SIGTERM", log)
    }
    if (embedded) {
      log("Stopping the embedded PostgreSQL…")
      await embedded.stop().catch(() => undefined)
    }
  }

  const startProcess = async (name, mode, procPort, extraEnv = {}) => {
    const proc = spawnMedusa({
      name,
      mode,
      port: procPort,
      env: { ...env, ...extraEnv },
      command,
      quiet: options.quietServer,
    })
    processes.set(name, proc)
    return proc
  }

  try {
    if (options.databaseUrl) {
      env.DATABASE_URL = options.databaseUrl
      log("Using the given database.")
    } else {
      const dbPort = await freePort(Number(process.env.DEMO_DB_PORT || 54329))
      log(
        `Starting an embedded PostgreSQL on port ${dbPort} (data in ${path.relative(root, options.dataDir)})…`
      )
      embedded = await startEmbeddedPostgres({
        dataDir: options.dataDir,
        port: dbPort,
        fresh: !!options.freshDatabase,
      })
      await embedded.ensureDatabase("medusa_backorders_demo")
      env.DATABASE_URL = embedded.url("medusa_backorders_demo")
    }

    log("Running migrations…")
    await runQuiet("npx", ["medusa", "db:migrate"], toolEnv())

    log("Seeding the demo store…")
    const fixtureFile = path.join(dataDir, `demo-fixture-${port}.json`)
    await runQuiet("npx", ["medusa", "exec", "./dev/seed-demo.ts"], {
      ...toolEnv(),
      DEMO_FIXTURE_FILE: fixtureFile,
    })
    const fixture = JSON.parse(readFileSync(fixtureFile, "utf8"))

    log(`Creating the admin user ${adminEmail}…`)
    await run(
      "npx",
      ["medusa", "user", "-e", adminEmail, "-p", adminPassword],
      toolEnv(),
      { quiet: true }
    ).catch((error) => {
      if (!/already exists/i.test(error.output ?? "")) {
        console.error(error.output)
        throw error
      }
      log("Admin user already exists: keeping it.")
    })

    // Express shipping gets priority 10; the partner 3PL is a network location.
    env.BACKORDERS_OPTIONS = JSON.stringify({
      priority_rules: [
        {
          priority: 10,
          shipping_option_ids: [fixture.expressShippingOptionId],
        },
      ],
      network_location_ids: fixture.networkLocationIds,
      ...(options.backorderOptions ?? {}),
    })

    const started = []
    if (multiProcess) {
      const locking = env.DEMO_LOCKING ?? env.MEDUSA_LOCKING ?? "redis"
      const workerPort = await freePort(port + 1)
      log(
        `Starting Medusa as a server (port ${port}) and a worker (port ${workerPort}) on Redis (event bus, workflow engine), ${locking} locking…`
      )
      started.push(
        await startProcess("server", "server", port),
        await startProcess("worker", "worker", workerPort)
      )
    } else {
      log(`Starting Medusa with the plugin on port ${port}…`)
      started.push(await startProcess("medusa", "shared", port))
    }
    await Promise.all(
      started.map((proc) => waitForHealth(proc.base, proc.child))
    )

    if (fixture.ordersPlaced === 0) {
      log("Placing the demo orders through the storefront checkout…")
      await runQuiet("npx", ["medusa", "exec", "./dev/place-demo-orders.ts"], {
        ...toolEnv(),
        DEMO_FIXTURE_FILE: fixtureFile,
        DEMO_BASE_URL: base,
        DEMO_ADMIN_EMAIL: adminEmail,
        DEMO_ADMIN_PASSWORD: adminPassword,
      })
    } else {
      log(
        `Demo orders already placed (${fixture.ordersPlaced}): not placing them again.`
      )
    }
    if (storefrontPort) {
      const { createServer } = await import("vite")
      storefront = await createServer({
        root: path.join(root, "storefront"),
        configFile: false,
        // Its own dependency cache: the admin's Vite uses node_modules/.vite.
        cacheDir: path.join(dataDir, "storefront-vite"),
        logLevel: "warn",
        server: { port: storefrontPort, strictPort: true, host: "localhost" },
        define: {
          __STORE__: JSON.stringify({
            baseUrl: base,
            publishableKey: fixture.publishableKey,
            regionId: fixture.regionId,
            countryCode: fixture.countryCode,
            shippingOptionId: fixture.standardShippingOptionId,
          }),
        },
      })
      await storefront.listen()
      log(`Storefront on http://localhost:${storefrontPort}`)
    }
    return {
      base,
      storefrontBase: storefrontPort
        ? `http://localhost:${storefrontPort}`
        : null,
      fixture,
      env,
      embedded,
      processes,
      /** The process answering HTTP (`server`, or the single `medusa`). */
      get server() {
        return (processes.get("server") ?? processes.get("medusa")).child
      },
      /** Starts one more Medusa process (e.g. a second worker) and waits until it answers. */
      async addProcess(name, mode, extraEnv = {}) {
        const proc = await startProcess(
          name,
          mode,
          await freePort(port + 2),
          extraEnv
        )
        await waitForHealth(proc.base, proc.child)
        return proc
      },
      /** Stops one process (SIGKILL: as if the machine lost it). */
      stopProcess: (name, signal = "SIGTERM") =>
        stopMedusa(processes.get(name), signal, log),
      stop,
    }
  } catch (error) {
    // What the quiet processes printed last: a server that died or restarted
    // under the demo orders shows why (the error above only says the request
    // failed).
    for (const proc of processes.values()) {
      const tail = proc.logs.join("").split("\n").slice(-80).join("\n")
      if (tail.trim()) {
        console.error(`--- last output of Medusa (${proc.name}) ---\n${tail}`)
      }
    }
    await stop()
    throw error
  }
}

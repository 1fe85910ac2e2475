// `npm test`: every test (planner unit tests, module tests, HTTP integration
// tests). Uses the PostgreSQL given by DB_HOST / DB_PORT / DB_USERNAME /
// DB_PASSWORD when DB_HOST is set; otherwise starts an embedded PostgreSQL in
// a throw-away folder and stops it at the end. Extra arguments go to Jest.
import { spawn } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, recreateDatabase, startEmbeddedPostgres } from "./lib/embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const env = { ...process.env }
let embedded = null

if (!env.DB_HOST) {
  const port = await freePort(Number(env.EMBEDDED_DB_PORT || 0))
  console.log(`[test] No DB_HOST: starting an embedded PostgreSQL on port ${port}`)
  embedded = await startEmbeddedPostgres({ dataDir: path.join(root, ".data", "test-postgres"), port, fresh: true })
  // "localhost", not 127.0.0.1: Medusa's test runner turns on SSL for other hosts.
  Object.assign(env, { DB_HOST: "localhost", DB_PORT: String(port), DB_USERNAME: embedded.user, DB_PASSWORD: embedded.password })
} else {
  env.DB_USERNAME ??= "postgres"
  env.DB_PASSWORD ??= ""
  env.DB_PORT ??= "5432"
}

const jestArgs = process.argv.slice(2)
const jestEnv = { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ") }
let child = null

const runChild = (command, args, childEnv) =>
  new Promise((resolve) => {
    child = spawn(command, args, { cwd: root, env: childEnv, stdio: "inherit" })
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)))
  })

let stopping = false
const stop = async () => {
  if (embedded && !stopping) {
    stopping = true
    await embedded.stop().catch(() => undefined)
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child?.kill(signal))
}
// One test file at a time, in one worker process that Jest replaces once its
// heap passes `workerIdleMemoryLimit` (jest.config.js). Each Medusa app a spec
// boots leaves a few hundred MB behind in the process (measured with
// --logHeapUsage: 450 MB after one spec, 1.2 GB after three); all in one
// process (`--runInBand`), the last specs ran up to 3× slower than alone and
// the race specs' checkouts came near Medusa's 30 s lock wait. (Passing -i,
// --runInBand or --detectOpenHandles runs in band again, without recycling.)
let code = await runChild("npx", ["jest", "--maxWorkers=1", "--forceExit", ...jestArgs], jestEnv)

// The admin UI in a real browser, unless Jest was asked for particular tests
// or SKIP_BROWSER_TESTS=1.
if (code === 0 && !jestArgs.length && process.env.TEST_TYPE === undefined && process.env.SKIP_BROWSER_TESTS !== "1") {
  const serverUrl = `postgres://${encodeURIComponent(env.DB_USERNAME)}:${encodeURIComponent(env.DB_PASSWORD)}@${env.DB_HOST}:${env.DB_PORT}/postgres`
  const databaseUrl = await recreateDatabase(serverUrl, "medusa_backorders_browser")
  console.log("[test] Browser tests (admin UI in Chromium)…")
  code = await runChild("node", ["scripts/browser-test.mjs"], { ...env, DATABASE_URL: databaseUrl })
}
await stop()
process.exit(code)

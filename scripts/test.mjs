// `npm test`: every test (planner unit tests, module tests, HTTP integration
// tests). Uses the PostgreSQL given by DB_HOST / DB_PORT / DB_USERNAME /
// DB_PASSWORD when DB_HOST is set; otherwise starts an embedded PostgreSQL in
// a throw-away folder and stops it at the end. Extra arguments go to Jest.
import { spawn } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startEmbeddedPostgres } from "./lib/embedded-postgres.mjs"

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

env.NODE_OPTIONS = [env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ")
const args = ["jest", "--runInBand", "--forceExit", ...process.argv.slice(2)]
const child = spawn("npx", args, { cwd: root, env, stdio: "inherit" })

let stopping = false
const stop = async () => {
  if (embedded && !stopping) {
    stopping = true
    await embedded.stop().catch(() => undefined)
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal))
}
const code = await new Promise((resolve) => child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))))
await stop()
process.exit(code)

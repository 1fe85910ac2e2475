/**
 * The development / demo / test application of this repository. It loads the
 * plugin straight from `src/` (modules are listed explicitly, everything else
 * in `src/` is auto-loaded as the project's own code). Apps that install the
 * plugin from npm use `plugins: [{ resolve: "medusa-plugin-backorders", options }]`
 * instead — see the README.
 */
import path from "node:path"
import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const backorderOptions = {
  allocation_policy: "fill",
  // Tests run the consistency sweep themselves, when they mean to.
  ...(process.env.NODE_ENV === "test"
    ? { sweep_schedule: "off", estimate_schedule: "off" }
    : {}),
  ...(process.env.BACKORDERS_OPTIONS
    ? JSON.parse(process.env.BACKORDERS_OPTIONS)
    : {}),
}

const redisUrl = process.env.REDIS_URL
/**
 * The locking provider: MEDUSA_LOCKING (or the demo's DEMO_LOCKING) =
 * "redis" | "postgres" | "in-memory"; by default Redis when REDIS_URL is set,
 * Medusa's in-memory provider otherwise. LOCKING_REDIS_URL lets the Redis
 * provider run without the Redis event bus (the per-provider tests).
 */
const locking =
  process.env.MEDUSA_LOCKING ??
  process.env.DEMO_LOCKING ??
  (redisUrl ? "redis" : "in-memory")
const lockingRedisUrl = process.env.LOCKING_REDIS_URL ?? redisUrl

const lockingProviders: Record<string, object> = {
  redis: {
    resolve: "@medusajs/medusa/locking-redis",
    id: "locking-redis",
    is_default: true,
    // Checkout waits this long for an inventory item's lock (Medusa's default
    // is 5 s); see the README's production section.
    options: { redisUrl: lockingRedisUrl, waitLockingTimeout: 30 },
  },
  postgres: {
    resolve: "@medusajs/medusa/locking-postgres",
    id: "locking-postgres",
    is_default: true,
  },
}
if (locking !== "in-memory" && !lockingProviders[locking]) {
  throw new Error(
    `MEDUSA_LOCKING must be redis, postgres or in-memory (got "${locking}")`
  )
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    // "server", "worker" or "shared" (default): run several processes on one database and Redis.
    workerMode:
      (process.env.MEDUSA_WORKER_MODE as
        "shared" | "worker" | "server" | undefined) ?? "shared",
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.DISABLE_ADMIN === "true",
  },
  modules: [
    { resolve: "./src/modules/backorder", options: backorderOptions },
    // Customer notifications go to the "email" channel: the demo's outbox
    // provider writes each one to .data/outbox/ (Medusa's default local
    // provider keeps the admin feed).
    {
      key: Modules.NOTIFICATION,
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            // Absolute: Medusa resolves "./" provider paths inside src/.
            resolve: path.join(__dirname, "dev", "notification-outbox"),
            id: "outbox",
            options: {
              channels: ["email"],
              ...(process.env.BACKORDERS_OUTBOX
                ? { directory: process.env.BACKORDERS_OUTBOX }
                : {}),
            },
          },
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: ["feed"] },
          },
        ],
      },
    },
    // With REDIS_URL the app runs like production: Redis event bus and
    // workflow engine, so several server/worker processes share the work.
    ...(redisUrl
      ? [
          {
            key: Modules.EVENT_BUS,
            resolve: "@medusajs/medusa/event-bus-redis",
            options: { redisUrl },
          },
          {
            key: Modules.WORKFLOW_ENGINE,
            resolve: "@medusajs/medusa/workflow-engine-redis",
            options: { redis: { redisUrl } },
          },
        ]
      : []),
    ...(lockingProviders[locking]
      ? [
          {
            key: Modules.LOCKING,
            resolve: "@medusajs/medusa/locking",
            options: { providers: [lockingProviders[locking]] },
          },
        ]
      : []),
  ],
})

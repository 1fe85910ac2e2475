/**
 * The development / demo / test application of this repository. It loads the
 * plugin straight from `src/` (modules are listed explicitly, everything else
 * in `src/` is auto-loaded as the project's own code). Apps that install the
 * plugin from npm use `plugins: [{ resolve: "medusa-plugin-backorders", options }]`
 * instead — see the README.
 */
import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const backorderOptions = {
  allocation_policy: "fill",
  ...(process.env.BACKORDERS_OPTIONS ? JSON.parse(process.env.BACKORDERS_OPTIONS) : {}),
}

const redisUrl = process.env.REDIS_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    // "server", "worker" or "shared" (default): run several processes on one database and Redis.
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined) ?? "shared",
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
    // With REDIS_URL the app runs like production: Redis event bus, workflow
    // engine and locking, so several server/worker processes can share work.
    ...(redisUrl
      ? [
          { key: Modules.EVENT_BUS, resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
          {
            key: Modules.WORKFLOW_ENGINE,
            resolve: "@medusajs/medusa/workflow-engine-redis",
            options: { redis: { redisUrl } },
          },
          {
            key: Modules.LOCKING,
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl },
                },
              ],
            },
          },
        ]
      : []),
  ],
})

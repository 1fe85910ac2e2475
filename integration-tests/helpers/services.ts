import { spawnSync } from "child_process"

/**
 * Whether a Redis server answers at `url` (a TCP connect and PING, within a
 * second). Specs that need Redis call this at load time and skip, saying so,
 * where there is none.
 */
export function redisAnswers(url: string): boolean {
  const { hostname, port } = new URL(url)
  const probe = spawnSync(
    process.execPath,
    [
      "-e",
      `const s=require("net").connect(${Number(port) || 6379},${JSON.stringify(hostname)});` +
        `s.setTimeout(1000,()=>process.exit(1));s.on("error",()=>process.exit(1));` +
        `s.on("connect",()=>s.write("PING\\r\\n"));s.on("data",d=>process.exit(String(d).startsWith("+PONG")?0:1))`,
    ],
    { timeout: 3000 }
  )
  return probe.status === 0
}

/** The Redis the tests use: REDIS_URL, else the local default. */
export const testRedisUrl = () =>
  process.env.REDIS_URL ?? "redis://127.0.0.1:6379"

/** `url` with its database number set (so tests never touch database 0). */
export function redisDatabase(url: string, db: number): string {
  const parsed = new URL(url)
  parsed.pathname = `/${db}`
  return parsed.toString()
}

/** Empties the Redis database of `url` (queues and locks a previous run left). */
export function flushRedis(url: string): Promise<void> {
  const { hostname, port, pathname } = new URL(url)
  const db = Number(pathname.slice(1) || 0)
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const socket = require("net").connect(Number(port) || 6379, hostname)
    let answer = ""
    socket.on("error", reject)
    socket.on("connect", () =>
      socket.write(`SELECT ${db}\r\nFLUSHDB\r\nQUIT\r\n`)
    )
    socket.on("data", (chunk: Buffer) => (answer += String(chunk)))
    socket.on("close", () =>
      answer.startsWith("+OK\r\n+OK")
        ? resolve()
        : reject(new Error(`FLUSHDB on ${url} answered ${answer}`))
    )
  })
}

import { randomFillSync } from "crypto"
import { factory } from "ulid"

/**
 * Random bytes drawn from the operating system a page at a time. `ulid`'s
 * own generator asks Node's crypto for one byte per character, about 26
 * system calls per id: a release that writes ten thousand rows spent most of
 * a second of one CPU on ids alone.
 */
const pool = Buffer.alloc(4096)
let next = pool.length

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool)
    next = 0
  }
  return pool[next++]
}

// The same scale as ulid's own Node generator (a byte / 0xff).
const ulid = factory(() => randomByte() / 0xff)

/**
 * An id in Medusa's format (`prefix_` + ULID, as `generateEntityId` makes
 * them), from a cryptographically random pool: for rows written in bulk.
 */
export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`
}

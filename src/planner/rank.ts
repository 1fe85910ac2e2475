import type { DemandOrder } from "./types"

type Rankable = Pick<
  DemandOrder,
  "priority" | "created_at" | "display_id" | "key"
>

const compareStrings = (a: string, b: string): number =>
  a < b ? -1 : a > b ? 1 : 0

/**
 * Orders two demands by rank: priority (highest first), then order date
 * (oldest first), then display id (lowest first), then key, so the result is
 * total and the same on every machine.
 *
 * @example
 * compareRank({ priority: 10, created_at: 2, display_id: 9, key: "b" },
 *             { priority: 0, created_at: 1, display_id: 1, key: "a" }) // < 0: priority wins over age
 */
export function compareRank(a: Rankable, b: Rankable): number {
  if (a.priority !== b.priority) {
    return b.priority - a.priority
  }
  if (a.created_at !== b.created_at) {
    return a.created_at - b.created_at
  }
  if (a.display_id !== b.display_id) {
    return a.display_id - b.display_id
  }
  return compareStrings(a.key, b.key)
}

/**
 * Returns a new array of the demands in rank order; the input is not changed.
 *
 * @example
 * rankOrders([{ key: "new", priority: 0, created_at: 2, display_id: 2 },
 *             { key: "old", priority: 0, created_at: 1, display_id: 1 }]).map((o) => o.key) // ["old", "new"]
 */
export function rankOrders<T extends Rankable>(orders: readonly T[]): T[] {
  return [...orders].sort(compareRank)
}

export { compareStrings }

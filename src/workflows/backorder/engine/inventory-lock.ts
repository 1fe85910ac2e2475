import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import { EventEmitter } from "events"
import {
  type LockingProviderKind,
  lockingProviderKind,
} from "../../../modules/backorder/deployment"

/**
 * Proof, asked for right before writing, that the caller still holds every
 * inventory lock it planned under. Throws a CONFLICT when it does not.
 */
export type LockFence = { check: () => void }

export type InventoryLockOptions = {
  /** Seconds to wait for the locks before giving up (CONFLICT). */
  timeout_seconds: number
  /** Seconds the locks survive their owner: a dead process's locks are free after this. */
  lease_seconds: number
}

const lostLease = (keys: string[], why: string) =>
  new MedusaError(
    MedusaError.Types.CONFLICT,
    `Backorders: lost the inventory lock on ${keys.join(", ")} before writing (${why}); nothing was written and the change stays queued.`
  )

const busy = (keys: string[], seconds: number, why: string) =>
  new MedusaError(
    MedusaError.Types.CONFLICT,
    `Backorders: could not lock inventory items ${keys.join(", ")} within ${seconds}s (${why}); the change stays queued and is retried.`
  )

/** The kind of the application's default locking provider (read from its config). */
export function lockingKindOf(container: MedusaContainer): LockingProviderKind {
  try {
    return lockingProviderKind(
      container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
    )
  } catch {
    return "other"
  }
}

/**
 * Runs `job` while holding the inventory item locks that Medusa's own reserve
 * and fulfilment steps wait on (DESIGN D10), under every locking provider:
 *
 * - PostgreSQL (and any provider we do not know): through `locking.execute`,
 *   the very call checkout makes. The PostgreSQL provider holds
 *   `pg_advisory_xact_lock`s in a transaction for as long as `job` runs;
 *   `acquire` would only write rows into its `locking` table, which
 *   checkout's `execute` never looks at. A dead process's transaction ends
 *   with its connection, so its locks are free at once.
 * - Redis and in-memory: `acquire` and `execute` share one key space there,
 *   so the keys are taken one by one in sorted order with `acquire` (a
 *   failed attempt gives back what it got, so a plan never holds half a key
 *   set against a checkout that holds the other half), renewed every third
 *   of the lease while `job` runs, and released at the end. A dead process's
 *   keys expire after the lease.
 *
 * `job` receives a fence to check right before writing: it throws when a
 * renewal failed or came too late (another process may have taken a key).
 */
export async function withInventoryLock<T>(
  container: MedusaContainer,
  keys: string[],
  options: InventoryLockOptions,
  job: (fence: LockFence) => Promise<T>
): Promise<T> {
  const sorted = [...new Set(keys)].sort()
  if (!sorted.length) {
    return job({ check: () => undefined })
  }
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const kind = lockingKindOf(container)
  if (kind === "postgres" || kind === "other") {
    try {
      return await locking.execute(
        sorted,
        async (signal?: AbortSignal) =>
          job({
            check: () => {
              if (signal?.aborted) {
                throw lostLease(sorted, "lease renewal failed")
              }
            },
          }),
        { timeout: options.timeout_seconds, expire: options.lease_seconds }
      )
    } catch (error) {
      if (/Timed-out acquiring lock/i.test((error as Error)?.message ?? "")) {
        throw busy(sorted, options.timeout_seconds, (error as Error).message)
      }
      throw error
    }
  }
  return withAcquiredKeys(locking, sorted, options, job, kind === "in-memory")
}

/**
 * Plans of this process that let inventory keys go, for the plans of this
 * process polling for them: under the in-memory provider a waiting plan tries
 * again at once instead of sleeping out its backoff (up to 1.5 s) while the
 * keys lie free. Two drains of one process often plan the same item (a
 * restock's own trigger and the release continuing in slices). A checkout
 * waiting on the in-memory provider's queue still comes first: the provider
 * wakes it inside `release`, before this event. Not under Redis: a checkout
 * there polls too, and plans handing the keys on at once would leave it no
 * moment to take them.
 */
const localReleases = new EventEmitter()
localReleases.setMaxListeners(0)

/** Sleeps `ms`, or (`wake`) less if a plan of this process lets one of `keys` go meanwhile. */
const backoff = (keys: string[], ms: number, wake: boolean) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      localReleases.off("release", onRelease)
      resolve()
    }
    const onRelease = (freed: string[]) => {
      if (freed.some((key) => keys.includes(key))) {
        done()
      }
    }
    const timer = setTimeout(done, ms)
    if (wake) {
      localReleases.on("release", onRelease)
    }
  })

async function withAcquiredKeys<T>(
  locking: ILockingModule,
  keys: string[],
  options: InventoryLockOptions,
  job: (fence: LockFence) => Promise<T>,
  wake: boolean
): Promise<T> {
  const ownerId = `backorders:${randomUUID()}`
  const lease = options.lease_seconds
  const giveUpAt = Date.now() + options.timeout_seconds * 1000
  let lastError = ""
  // Back off like Medusa's own Redis `execute` does (doubling up to 1 s), with
  // jitter: polling faster than checkout's reserve step retries would let
  // background plans win the lock over and over while a customer's checkout
  // waits out its 5 s and fails with a 409.
  let pause = 100
  for (;;) {
    const got: string[] = []
    try {
      for (const key of keys) {
        await locking.acquire(key, { ownerId, expire: lease })
        got.push(key)
      }
      break
    } catch (error) {
      lastError = (error as Error).message
      await locking.release(got, { ownerId }).catch(() => undefined)
      if (got.length) {
        localReleases.emit("release", got)
      }
      if (Date.now() >= giveUpAt) {
        throw busy(keys, options.timeout_seconds, lastError)
      }
    }
    await backoff(keys, pause / 2 + Math.floor(Math.random() * pause), wake)
    pause = Math.min(pause * 2, 1000)
  }

  // Renewal: the lease is confirmed at every successful renewal. A renewal
  // that fails, or one that comes after the lease could have lapsed (a
  // paused process), loses the fence for good.
  let confirmedAt = Date.now()
  let lost: string | null = null
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let renewing: Promise<void> | undefined
  const renew = async () => {
    if (stopped || lost) {
      return
    }
    const startedAt = Date.now()
    if (startedAt - confirmedAt >= lease * 1000) {
      lost = "the lease lapsed before it was renewed"
      return
    }
    try {
      await locking.acquire(keys, { ownerId, expire: lease })
      confirmedAt = startedAt
    } catch (error) {
      lost = `renewal failed: ${(error as Error).message}`
      return
    }
    schedule()
  }
  const schedule = () => {
    if (!stopped) {
      timer = setTimeout(
        () => {
          renewing = renew()
        },
        Math.max(250, (lease * 1000) / 3)
      )
      timer.unref?.()
    }
  }
  schedule()
  try {
    return await job({
      check: () => {
        if (!lost && Date.now() - confirmedAt >= lease * 1000) {
          lost = "the lease lapsed before it was renewed"
        }
        if (lost) {
          throw lostLease(keys, lost)
        }
      },
    })
  } finally {
    stopped = true
    if (timer) {
      clearTimeout(timer)
    }
    // A renewal still on its way would take the keys again after the release.
    await renewing
    await locking.release(keys, { ownerId }).catch(() => undefined)
    localReleases.emit("release", keys)
  }
}

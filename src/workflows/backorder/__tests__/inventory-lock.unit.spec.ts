import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
// Medusa's own in-memory provider (what `@medusajs/medusa/locking` uses by default).
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { setTimeout as sleep } from "timers/promises"
import { withInventoryLock } from "../engine/inventory-lock"

type Locking = Pick<InMemoryLockingProvider, "acquire" | "release" | "execute">

const containerWith = (locking: Locking, providers?: { resolve: string }[]) =>
  ({
    resolve: (key: string) => {
      if (key === Modules.LOCKING) {
        return locking
      }
      if (key === ContainerRegistrationKeys.CONFIG_MODULE) {
        return {
          modules: {
            locking: {
              resolve: "@medusajs/medusa/locking",
              ...(providers ? { options: { providers } } : {}),
            },
          },
        }
      }
      throw new Error(`unexpected ${key}`)
    },
  }) as unknown as MedusaContainer

const options = { timeout_seconds: 2, lease_seconds: 3 }

describe("inventory locks (in-memory provider)", () => {
  afterEach(() => jest.restoreAllMocks())

  it("makes a checkout's execute on the same item wait until the plan has written", async () => {
    const provider = new InMemoryLockingProvider()
    const container = containerWith(provider)
    const order: string[] = []
    const plan = withInventoryLock(
      container,
      ["iitem_b", "iitem_a"],
      options,
      async (fence) => {
        order.push("plan reads")
        await sleep(200)
        fence.check()
        order.push("plan writes")
      }
    )
    await sleep(20)
    const checkout = provider.execute(["iitem_a"], async () => {
      order.push("checkout reserves")
    })
    await Promise.all([plan, checkout])
    expect(order).toEqual(["plan reads", "plan writes", "checkout reserves"])
  })

  it("serialises two plans on overlapping items", async () => {
    const container = containerWith(new InMemoryLockingProvider())
    const spans: [number, number][] = []
    const run = () =>
      withInventoryLock(
        container,
        ["iitem_a", "iitem_b"],
        options,
        async () => {
          const start = Date.now()
          await sleep(100)
          spans.push([start, Date.now()])
        }
      )
    await Promise.all([run(), run()])
    const [first, second] = spans.sort((a, b) => a[0] - b[0])
    expect(second[0]).toBeGreaterThanOrEqual(first[1])
  })

  /**
   * Two plans on one key: the first holds it 1.5 s while the second polls
   * with its backoff at its longest (retries near 20, 170, 470, 1,060 and
   * 2,260 ms: the release at 1.5 s falls 0.7 s before the next). Answers how
   * long after the release the second one started.
   */
  const lagAfterRelease = async (container: MedusaContainer) => {
    jest.spyOn(Math, "random").mockReturnValue(0.99)
    let releasedAt = 0
    const first = withInventoryLock(
      container,
      ["iitem_a"],
      options,
      async () => {
        // Long enough for the waiting plan's backoff to grow to 0.5-1.5 s.
        await sleep(1500)
        releasedAt = Date.now()
      }
    )
    await sleep(20)
    const startedAt = await withInventoryLock(
      container,
      ["iitem_a"],
      options,
      async () => Date.now()
    )
    await first
    return startedAt - releasedAt
  }

  it("starts a plan waiting for the keys as soon as a plan of the same process lets them go", async () => {
    const lag = await lagAfterRelease(
      containerWith(new InMemoryLockingProvider())
    )
    expect(lag).toBeLessThan(50)
  })

  it("leaves a plan waiting under Redis locking to its backoff, so a polling checkout keeps its chance", async () => {
    // The in-memory provider stands in for Redis's acquire/release here; the
    // configuration is what makes the plugin treat it as Redis.
    const lag = await lagAfterRelease(
      containerWith(new InMemoryLockingProvider(), [
        { resolve: "@medusajs/medusa/locking-redis" },
      ])
    )
    expect(lag).toBeGreaterThanOrEqual(400)
  })

  it("lets a checkout waiting on the in-memory queue go before a plan of the same process waiting for the keys", async () => {
    const provider = new InMemoryLockingProvider()
    const container = containerWith(provider)
    const order: string[] = []
    const first = withInventoryLock(container, ["iitem_a"], options, () =>
      sleep(400)
    )
    await sleep(20)
    const second = withInventoryLock(
      container,
      ["iitem_a"],
      options,
      async () => {
        order.push("plan")
      }
    )
    await sleep(20)
    const checkout = provider.execute(["iitem_a"], async () => {
      await sleep(50)
      order.push("checkout")
    })
    await Promise.all([first, second, checkout])
    expect(order).toEqual(["checkout", "plan"])
  })

  it("gives back the keys it got when another holds the rest, so nobody waits on half a set", async () => {
    const provider = new InMemoryLockingProvider()
    const container = containerWith(provider)
    await provider.acquire("iitem_b", { ownerId: "checkout", expire: 10 })
    const plan = withInventoryLock(
      container,
      ["iitem_a", "iitem_b"],
      { timeout_seconds: 0.5, lease_seconds: 3 },
      async () => "planned"
    )
    await sleep(100)
    // iitem_a is free for others while the plan waits for iitem_b.
    await expect(
      provider.execute(["iitem_a"], async () => "reserved", { timeout: 1 })
    ).resolves.toBe("reserved")
    await expect(plan).rejects.toThrow(
      /could not lock inventory items iitem_a, iitem_b within 0.5s/
    )
  })

  it("refuses to write once a lease renewal failed (another process may hold the item)", async () => {
    const provider = new InMemoryLockingProvider()
    let acquisitions = 0
    const locking: Locking = {
      acquire: async (keys, args) => {
        acquisitions += 1
        // The first acquisitions take the keys; the renewal finds them gone.
        if (acquisitions > 2) {
          throw new Error("Failed to acquire lock")
        }
        return provider.acquire(keys, args)
      },
      release: (keys, args) => provider.release(keys, args),
      execute: (keys, job, args) => provider.execute(keys, job, args),
    }
    const writes: string[] = []
    await expect(
      withInventoryLock(
        containerWith(locking),
        ["iitem_a", "iitem_b"],
        { timeout_seconds: 1, lease_seconds: 2 },
        async (fence) => {
          await sleep(900) // past a renewal (every lease / 3)
          fence.check()
          writes.push("written")
        }
      )
    ).rejects.toThrow(
      /lost the inventory lock on iitem_a, iitem_b before writing \(renewal failed/
    )
    expect(writes).toEqual([])
  })

  it("renews the lease while a long plan runs, so its keys never lapse", async () => {
    const provider = new InMemoryLockingProvider()
    const container = containerWith(provider)
    const result = await withInventoryLock(
      container,
      ["iitem_a"],
      { timeout_seconds: 1, lease_seconds: 2 },
      async (fence) => {
        await sleep(2600) // longer than the lease
        // Nobody else could take the key meanwhile.
        await expect(
          provider.acquire("iitem_a", { ownerId: "other" })
        ).rejects.toThrow()
        fence.check()
        return "written"
      }
    )
    expect(result).toBe("written")
  })
})

import { setTimeout as sleep } from "timers/promises"
import { asPlan, plansIdle, runningPlans } from "../engine/plan-activity"

/** A plan that runs until `finish()` is called. */
const openPlan = () => {
  let finish!: () => void
  const done = asPlan(() => new Promise<void>((resolve) => (finish = resolve)))
  return { finish, done }
}

describe("plans first (plan-activity)", () => {
  it("lets waiting work through at once when no plan runs", async () => {
    expect(runningPlans()).toBe(0)
    const started = Date.now()
    await plansIdle(10_000)
    expect(Date.now() - started).toBeLessThan(50)
  })

  it("holds waiting work until the last overlapping plan ends", async () => {
    const first = openPlan()
    const second = openPlan()
    expect(runningPlans()).toBe(2)
    let through = false
    const waiting = plansIdle(10_000).then(() => (through = true))
    first.finish()
    await first.done
    await sleep(20)
    expect(through).toBe(false)
    second.finish()
    await second.done
    await waiting
    expect(through).toBe(true)
    expect(runningPlans()).toBe(0)
  })

  it("counts a plan that fails as ended", async () => {
    const failing = asPlan(async () => {
      throw new Error("lock busy")
    })
    await expect(failing).rejects.toThrow("lock busy")
    expect(runningPlans()).toBe(0)
    await plansIdle(10_000)
  })

  it("lets waiting work through after its longest wait when plans never stop", async () => {
    const endless = openPlan()
    const started = Date.now()
    await plansIdle(100)
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
    expect(runningPlans()).toBe(1)
    endless.finish()
    await endless.done
  })

  it("holds waiting work back by the longest wait in all, not per caller, while plans keep overlapping", async () => {
    const first = openPlan()
    await sleep(60)
    // A second plan starts before the first ends: no pause in between.
    const second = openPlan()
    first.finish()
    await first.done
    const started = Date.now()
    await plansIdle(100)
    // The stretch began with the first plan, 60 ms before.
    expect(Date.now() - started).toBeLessThan(80)
    const later = Date.now()
    await plansIdle(100)
    expect(Date.now() - later).toBeLessThan(20)
    expect(runningPlans()).toBe(1)
    second.finish()
    await second.done
    // A pause ends the stretch: the next one gets the whole wait again.
    const third = openPlan()
    const next = Date.now()
    await plansIdle(100)
    expect(Date.now() - next).toBeGreaterThanOrEqual(90)
    third.finish()
    await third.done
  })
})

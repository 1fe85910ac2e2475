import { MedusaError } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"

/**
 * Fault injection for the plugin's own tests (never set in production):
 * `BACKORDERS_FAILPOINTS="after-reservations=crash,before-write=sleep:2000"`.
 * Actions: `throw` (an ordinary failure), `crash` (a failure that, like a
 * process dying there, undoes nothing and gives nothing back), `kill` (the
 * process dies at once), `sleep:<ms>`. A `@n` suffix (`throw@2`) fires the
 * first n times only.
 */
export class FailpointCrash extends Error {
  constructor(name: string) {
    super(`failpoint ${name}: simulated crash`)
  }
}

const fired = new Map<string, number>()

export async function failpoint(name: string): Promise<void> {
  const spec = process.env.BACKORDERS_FAILPOINTS
  if (!spec) {
    return
  }
  for (const entry of spec.split(",")) {
    const [point, rawAction = ""] = entry.trim().split("=")
    if (point !== name) {
      continue
    }
    const [action, limit] = rawAction.split("@")
    const count = (fired.get(name) ?? 0) + 1
    if (limit && count > Number(limit)) {
      return
    }
    fired.set(name, count)
    if (action === "throw") {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `failpoint ${name}: injected failure`
      )
    }
    if (action === "crash") {
      throw new FailpointCrash(name)
    }
    if (action === "kill") {
      process.kill(process.pid, "SIGKILL")
      await sleep(60_000)
    }
    if (action.startsWith("sleep:")) {
      await sleep(Number(action.slice("sleep:".length)))
    }
  }
}

/** Forgets how often each failpoint fired (between test cases). */
export function resetFailpoints(): void {
  fired.clear()
}

import type { MedusaContainer } from "@medusajs/framework/types"
import {
  backorderRunContext,
  markStuckBackorderJobsWorkflow,
  releaseBackordersWorkflow,
} from "../workflows"

/**
 * Safety net (DESIGN D5): every minute, re-plan every inventory item with
 * waiting backorders (for stock changed without events and events that were
 * lost) and mark background jobs without a heartbeat as stuck. Idempotent:
 * with nothing changed it writes nothing.
 */
export default async function backordersSweepJob(container: MedusaContainer) {
  await markStuckBackorderJobsWorkflow(container).run({ input: {} })
  await releaseBackordersWorkflow(container).run({
    input: {},
    context: backorderRunContext(),
  })
}

export const config = {
  name: "backorders-sweep",
  schedule: "* * * * *",
}

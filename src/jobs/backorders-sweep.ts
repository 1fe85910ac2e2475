import type { MedusaContainer } from "@medusajs/framework/types"
import { backorderRunContext, releaseBackordersWorkflow } from "../workflows"

/**
 * Safety net (DESIGN D5): every minute, re-plan every inventory item with
 * waiting backorders, for stock changed without events and events that were
 * lost. Idempotent: with nothing changed it writes nothing.
 */
export default async function backordersSweepJob(container: MedusaContainer) {
  await releaseBackordersWorkflow(container).run({
    input: {},
    context: backorderRunContext(),
  })
}

export const config = {
  name: "backorders-sweep",
  schedule: "* * * * *",
}

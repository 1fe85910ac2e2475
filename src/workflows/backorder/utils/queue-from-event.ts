import type { MedusaContainer } from "@medusajs/framework/types"
import type { ChangeInput } from "../../../types/backorder"
import { processBackorderChangesWorkflow } from "../workflows/process-backorder-changes"
import { backorderRunContext, isOwnBackorderEvent } from "./run-context"

/**
 * The ids a Medusa event names (`{ id }`, one or many) — none when one of
 * the plugin's own runs emitted it: its reservation writes never trigger
 * plans.
 */
export const idsOfForeignEvent = (event: {
  data?: { id?: string | string[] } | null
  metadata?: Record<string, unknown> | null
}): string[] =>
  isOwnBackorderEvent(event.metadata)
    ? []
    : ([] as string[]).concat(event.data?.id ?? [])

/**
 * Queues what an event changed and drains the queue, in a run of the
 * plugin's own (`backorderRunContext`). Nothing to queue, nothing run.
 */
export async function queueBackorderChanges(
  container: MedusaContainer,
  changes: ChangeInput[]
): Promise<void> {
  if (!changes.length) {
    return
  }
  await processBackorderChangesWorkflow(container).run({
    input: { changes },
    context: backorderRunContext(),
  })
}

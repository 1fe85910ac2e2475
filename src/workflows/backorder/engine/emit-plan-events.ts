import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { BackorderEvents } from "../events"
import type { BackorderPlanOutcome } from "./run-plan"

/** Emits a plan's events (grouped with the calling workflow's, if any). */
export async function emitPlanEvents(
  container: MedusaContainer,
  outcome: Pick<
    BackorderPlanOutcome,
    "created" | "released" | "canceled" | "divided" | "network_divided"
  >,
  eventGroupId?: string
): Promise<void> {
  const messages = (
    [
      [BackorderEvents.CREATED, outcome.created],
      [BackorderEvents.RELEASED, outcome.released],
      [BackorderEvents.CANCELED, outcome.canceled],
      [BackorderEvents.DIVIDED, outcome.divided],
      [BackorderEvents.NETWORK_DIVIDED, outcome.network_divided],
    ] as const
  ).flatMap(([name, rows]) =>
    rows.map((row) => ({
      name,
      data: { id: row.id, order_id: row.order_id },
      metadata: eventGroupId ? { eventGroupId } : {},
    }))
  )
  if (messages.length) {
    await container.resolve(Modules.EVENT_BUS).emit(messages)
  }
}

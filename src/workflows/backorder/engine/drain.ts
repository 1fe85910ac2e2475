import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ClaimedChange, PlanActor } from "../../../types/backorder"
import { emitPlanEvents } from "./emit-plan-events"
import { FailpointCrash } from "./failpoints"
import { type ChangeGroup, groupChanges } from "./group-changes"
import { processBackorderJobChange } from "./job-steps"
import { runBackorderPlan } from "./run-plan"
import { verifiesWholeQueue } from "./sweep"

export type DrainOptions = {
  /** Stop claiming new batches after this long (a batch in hand is finished). */
  budget_ms?: number
  /** Actor of the audit events (a merchant's manual release); the system otherwise. */
  actor?: PlanActor
  /** Event group of the calling workflow: events are released when it ends. */
  event_group_id?: string
}

export type DrainResult = {
  /** Queued changes handled (deleted) and given back for later. */
  handled: number
  retried: number
  plans: number
  created: { id: string; order_id: string }[]
  released: { id: string; order_id: string }[]
  canceled: { id: string; order_id: string }[]
  reservations: { created: number; updated: number; deleted: number }
  errors: string[]
}

/** Seconds until a failed change is tried again: 2, 4, 8 … capped at 5 minutes. */
export const retryDelaySeconds = (attempts: number) =>
  Math.min(300, 2 ** Math.max(1, Math.min(attempts, 9)))

/**
 * Drains the change queue (DESIGN D8): claims a batch, coalesces it into
 * connected groups, plans each group under its own locks, deletes what was
 * handled and gives back what failed (busy lock, lost lease, error) with an
 * attempt, a backoff and the error. Job changes move their job on by one
 * order. Repeats until the queue has nothing available or the budget is
 * spent. Any number of processes may drain at once: a row is claimed by one
 * of them at a time, and a dead worker's rows come back after the lease.
 */
export async function drainBackorderChanges(
  container: MedusaContainer,
  options: DrainOptions = {}
): Promise<DrainResult> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const settings = service.getOptions()
  const owner = `drain:${randomUUID()}`
  const until = Date.now() + (options.budget_ms ?? 30_000)
  const result: DrainResult = {
    handled: 0,
    retried: 0,
    plans: 0,
    created: [],
    released: [],
    canceled: [],
    reservations: { created: 0, updated: 0, deleted: 0 },
    errors: [],
  }
  const giveBack = async (changes: ClaimedChange[], error: unknown) => {
    const message = (error as Error)?.message ?? String(error)
    const attempts = Math.max(...changes.map((c) => c.attempts))
    await service.releaseChanges(
      changes.map((c) => c.id),
      owner,
      { error: message, retry_in_seconds: retryDelaySeconds(attempts) }
    )
    result.retried += changes.length
    result.errors.push(message)
    logger.warn(
      `Backorders: ${changes.length} queued change(s) will be retried (attempt ${attempts}): ${message}`
    )
  }

  while (Date.now() < until) {
    const claimed = await service.claimChanges(
      owner,
      settings.change_batch_size,
      settings.lock_lease_seconds
    )
    if (!claimed.length) {
      break
    }
    const byId = new Map(claimed.map((c) => [c.id, c]))
    const jobChanges = claimed.filter((c) => c.job_id)
    let groups: ChangeGroup[]
    try {
      groups = await groupChanges(
        container,
        claimed.filter((c) => !c.job_id)
      )
    } catch (error) {
      await giveBack(
        claimed.filter((c) => !c.job_id),
        error
      )
      groups = []
    }
    // The batch's claim is renewed as the groups go by, so a long batch does
    // not hand its later groups to another worker half-way.
    let renewedAt = Date.now()
    const renewRest = async (from: number) => {
      if (Date.now() - renewedAt < (settings.lock_lease_seconds * 1000) / 3) {
        return
      }
      renewedAt = Date.now()
      await service.extendChangeClaims(
        [
          ...groups.slice(from).flatMap((g) => g.change_ids),
          ...jobChanges.map((c) => c.id),
        ],
        owner,
        settings.lock_lease_seconds
      )
    }
    for (const [index, group] of groups.entries()) {
      await renewRest(index)
      const changes = group.change_ids.map((id) => byId.get(id)!)
      let outcome: Awaited<ReturnType<typeof runBackorderPlan>>
      try {
        outcome = await runBackorderPlan(container, {
          inventory_item_ids: group.inventory_item_ids,
          order_ids: group.order_ids,
          actor: options.actor ?? { type: "system" },
          claim: { ids: group.change_ids, owner },
          // A plan interrupted between its writes, and lost order events the
          // sweep found, are verified against the whole queue; stock it found
          // goes as a restock does (the head, in slices: a whole long queue
          // in one plan would hold checkouts of the SKU for seconds).
          full: changes.some((c) => verifiesWholeQueue(c.reason)),
          slice: settings.release_slice_size || undefined,
        })
        await service.completeChanges(group.change_ids, owner)
        result.handled += group.change_ids.length
        result.plans += 1
        result.created.push(...outcome.created)
        result.released.push(...outcome.released)
        result.canceled.push(...outcome.canceled)
        result.reservations.created += outcome.reservations.created
        result.reservations.updated += outcome.reservations.updated
        result.reservations.deleted += outcome.reservations.deleted
      } catch (error) {
        if (error instanceof FailpointCrash) {
          // Simulated process death: the claim lapses, nothing is given back.
          throw error
        }
        await giveBack(changes, error)
        continue
      }
      // After the rows are gone: a failing event bus cannot give back (and
      // count as retried) changes that were planned and written.
      try {
        await emitPlanEvents(container, outcome, options.event_group_id)
      } catch (error) {
        const orders = [
          ...outcome.created,
          ...outcome.released,
          ...outcome.canceled,
        ]
          .map((b) => b.order_id)
          .join(", ")
        logger.error(
          `Backorders: planned and saved, but its events could not be emitted (orders ${orders}): ${(error as Error)?.message ?? error}`
        )
      }
    }
    for (const change of jobChanges) {
      await renewRest(groups.length)
      try {
        await processBackorderJobChange(container, change, {
          owner,
          event_group_id: options.event_group_id,
        })
        result.handled += 1
      } catch (error) {
        if (error instanceof FailpointCrash) {
          throw error
        }
        await giveBack([change], error)
      }
    }
  }
  return result
}

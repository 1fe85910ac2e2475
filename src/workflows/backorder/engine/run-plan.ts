import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type {
  ChangeInput,
  PlanActor,
  SavedPlanChanges,
} from "../../../types/backorder"
import {
  type BackorderPlan,
  buildBackorderPlan,
  handsOutStock,
  type PlanIntent,
  type PlanningSnapshot,
} from "../../../planner"
import { failpoint, FailpointCrash } from "./failpoints"
import { asPlan } from "./plan-activity"
import { withInventoryLock } from "./inventory-lock"
import { loadBackorderPlanInput } from "./load-plan-input"
import {
  applyReservationChanges,
  type ReservationUndo,
  undoReservationChanges,
} from "./reservations"

export type RunBackorderPlanInput = {
  /** The inventory items to plan: the lock keys (Medusa's checkout locks the same ids). */
  inventory_item_ids: string[]
  /** Orders to detect, sync with an edit or cancel. */
  order_ids?: string[]
  intent?: PlanIntent
  actor: PlanActor
  /**
   * Queue rows this plan handles for a worker: the claim is part of the
   * fence — a writer whose claim lapsed (another worker may have them) does
   * not write.
   */
  claim?: { ids: string[]; owner: string }
  /**
   * Plan the whole queue of every item instead of its head (recheck, the
   * sweep's verification). The answer is the same; only the reading differs.
   */
  full?: boolean
  /**
   * Release in slices (the queue's plans): once a plan has read this many
   * waiting orders of an item's queue with its stock still left, it ends at
   * that rank for every item of its scope and queues them again for the rest, so checkouts of
   * those items wait for one slice, not a whole release (Medusa's checkout
   * waits 5 s for the lock under the PostgreSQL and in-memory providers).
   */
  slice?: number
}

/** What one plan decided and wrote. */
export type BackorderPlanOutcome = {
  created: { id: string; order_id: string }[]
  released: BackorderPlan["released"]
  canceled: BackorderPlan["canceled"]
  divided: BackorderPlan["divided"]
  network_divided: BackorderPlan["network_divided"]
  divide_results: BackorderPlan["divide_results"]
  network_results: BackorderPlan["network_results"]
  reservations: { created: number; updated: number; deleted: number }
  /** Enough to undo the writes (null when the plan wrote nothing). */
  undo: { reservations: ReservationUndo; saved: SavedPlanChanges } | null
}

/**
 * Whether a plan of this process is writing its records while its
 * reservations are written. One at a time: its open transaction waits for
 * writes that need other pooled connections, and one waiting transaction can
 * never hold them all (knex's pool is 10 by default).
 */
let overlapping = false

const isEmpty = (plan: BackorderPlan) =>
  !plan.reservations.create.length &&
  !plan.reservations.update.length &&
  !plan.reservations.mark.length &&
  !plan.reservations.delete.length &&
  !plan.records.create.length &&
  !plan.records.update.length &&
  !plan.records.line_creates.length &&
  !plan.records.line_updates.length &&
  !plan.records.line_deletes.length &&
  !plan.records.events.length

/**
 * Rows that bring a plan back if its writer dies between the reservation
 * writes and the record writes: the orders it makes backorders of (their
 * checkout reservations are marked seen by then, so nothing else would find
 * them) and the items it plans. They become available only after the locks'
 * lease, and the record transaction deletes them when the writer lives.
 */
const recoveryChanges = (
  plan: BackorderPlan,
  scope: string[]
): ChangeInput[] => [
  ...plan.records.create.map((created) => ({
    order_id: created.order_id,
    reason: "recovery",
  })),
  ...scope.map((id) => ({ inventory_item_id: id, reason: "recovery" })),
]

/**
 * One plan, start to end, under the inventory locks (`withInventoryLock`):
 * load what the plan needs → the pure planner decides → fence (locks and,
 * for a worker, its claim on the queued rows are still held) → recovery rows
 * → reservations → records. A failure after the reservation writes puts them
 * back; the records are one transaction. Idempotent: re-running it on an
 * unchanged world writes nothing.
 */
export async function runBackorderPlan(
  container: MedusaContainer,
  input: RunBackorderPlanInput
): Promise<BackorderPlanOutcome> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const options = service.getOptions()
  const scope = [...new Set(input.inventory_item_ids)].sort()
  const profile = phases()
  return withInventoryLock(
    container,
    scope,
    {
      timeout_seconds: options.lock_timeout_seconds,
      lease_seconds: options.lock_lease_seconds,
    },
    (fence) =>
      asPlan(async () => {
        profile.mark("lock")
        const load = (slice?: number) =>
          loadBackorderPlanInput(container, {
            inventory_item_ids: scope,
            order_ids: input.order_ids,
            bounded: !input.full,
            slice,
          })
        const planOf = (s: PlanningSnapshot) =>
          buildBackorderPlan(s, input.intent ?? {}, { explain: false })
        let snapshot = await load(input.slice)
        profile.mark("load")
        let plan = planOf(snapshot)
        profile.mark("plan")
        let cut = (snapshot.cutoffs ?? []).map((c) => c.inventory_item_id)
        if (cut.length && !handsOutStock(plan)) {
          // A slice that hands stock to nobody (its orders cannot take the
          // stock) would end the release there — an empty plan queues no next
          // slice — while orders after it may be able to take it: read as far
          // as the stock goes. One that covers lines without releasing anybody
          // (orders that also wait for a second item) goes on in slices.
          snapshot = await load()
          plan = planOf(snapshot)
          cut = []
          profile.mark("unsliced")
        }
        if (isEmpty(plan)) {
          return outcomeOf(plan, null)
        }
        await failpoint("before-write")
        fence.check()
        // The claim's renewal and the recovery rows are independent
        // statements: both at once. A lapsed claim discards the rows again.
        const [held, guard] = await Promise.all([
          input.claim?.ids.length
            ? service.extendChangeClaims(
                input.claim.ids,
                input.claim.owner,
                options.lock_lease_seconds
              )
            : null,
          service.enqueueChanges(recoveryChanges(plan, scope), {
            delay_seconds: 2 * options.lock_lease_seconds,
          }),
        ])
        if (
          input.claim &&
          held !== null &&
          held < new Set(input.claim.ids).size
        ) {
          await service.discardChanges(guard)
          throw new MedusaError(
            MedusaError.Types.CONFLICT,
            `Backorders: the claim on ${input.claim.ids.length - held} queued change(s) lapsed before writing; nothing was written and another worker handles them.`
          )
        }
        const inventory = container.resolve(Modules.INVENTORY)
        profile.mark("fence")
        // Reservations first, then records: what lands, and what a crash in
        // between leaves. A plan writes both at once — Medusa's module spends
        // CPU on its ORM while the records' statements run in the database —
        // with the records' transaction committing only after every
        // reservation is written; when another plan of this process is doing
        // so, one after the other.
        const overlap =
          !overlapping &&
          plan.reservations.create.length +
            plan.reservations.update.length +
            plan.reservations.delete.length +
            plan.reservations.mark.length >
            0
        overlapping ||= overlap
        const reservationsWritten = applyReservationChanges(
          inventory,
          plan.reservations
        )
        const reservationsDone = reservationsWritten.then(async () => {
          profile.mark("reservations")
          await failpoint("after-reservations")
        })
        reservationsDone.catch(() => undefined)
        const save = () =>
          service.savePlanChanges(plan.records, input.actor, {
            settle_change_ids: guard,
            // The rest of a sliced release: the next plan starts after these orders.
            requeue_item_ids: cut,
            ...(overlap ? { commit_after: reservationsDone } : {}),
          })
        const [reservations, saved] = await Promise.allSettled([
          reservationsWritten,
          overlap ? save() : reservationsDone.then(save),
        ]).finally(() => {
          if (overlap) {
            overlapping = false
          }
        })
        if (reservations.status === "rejected") {
          // applyReservationChanges put back what it had done; the records
          // rolled back with it.
          await service.discardChanges(guard)
          throw reservations.reason
        }
        if (saved.status === "rejected") {
          // A simulated crash leaves everything as a dead process would.
          if (!(saved.reason instanceof FailpointCrash)) {
            await undoReservationChanges(inventory, reservations.value)
            await service.discardChanges(guard)
          }
          throw saved.reason
        }
        profile.mark("records")
        profile.report(
          container,
          `${scope.length} item(s), ${snapshot.waiting.length} waiting read; reservations +${plan.reservations.create.length} ~${plan.reservations.update.length} -${plan.reservations.delete.length} mark ${plan.reservations.mark.length}; records +${plan.records.create.length} ~${plan.records.update.length} lines ~${plan.records.line_updates.length}`
        )
        return outcomeOf(plan, {
          reservations: reservations.value,
          saved: saved.value,
        })
      })
  )
}

function outcomeOf(
  plan: BackorderPlan,
  undo: BackorderPlanOutcome["undo"]
): BackorderPlanOutcome {
  return {
    created: undo?.saved.created ?? [],
    released: plan.released,
    canceled: plan.canceled,
    divided: plan.divided,
    network_divided: plan.network_divided,
    divide_results: plan.divide_results,
    network_results: plan.network_results,
    reservations: {
      created: plan.reservations.create.length,
      updated: plan.reservations.update.length,
      deleted: plan.reservations.delete.length,
    },
    undo,
  }
}

/** Undoes a plan's writes (a later step of the calling workflow failed). */
export async function revertBackorderPlan(
  container: MedusaContainer,
  undo: NonNullable<BackorderPlanOutcome["undo"]>
): Promise<void> {
  await container
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .revertPlanChanges(undo.saved)
  await undoReservationChanges(
    container.resolve(Modules.INVENTORY),
    undo.reservations
  )
}

/** Times of a plan's phases, logged when BACKORDERS_PROFILE is set (benchmarks). */
function phases() {
  const started = Date.now()
  let last = started
  const marks: string[] = []
  return {
    mark(name: string) {
      const now = Date.now()
      marks.push(`${name} ${now - last} ms`)
      last = now
    },
    report(container: MedusaContainer, what: string) {
      if (process.env.BACKORDERS_PROFILE) {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .info(
            `Backorders plan (${what}): ${marks.join(", ")}; total ${Date.now() - started} ms`
          )
      }
    },
  }
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ClaimedChange, PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import { resolveBackorderScope } from "../steps/resolve-backorder-scope"
import {
  NETWORK_DIVIDE_PROCESS,
  type NetworkDivideOutcome,
} from "../../../planner"
import { emitPlanEvents } from "./emit-plan-events"
import { failpoint, FailpointCrash } from "./failpoints"
import { withInventoryLock } from "./inventory-lock"
import { runBackorderPlan } from "./run-plan"

/** Statuses of jobs that still have work to do. */
export const ACTIVE_JOB_STATUSES = ["queued", "running"] as const

/** The lock that lets one process at a time move a job on. */
export const backorderJobLockKey = (jobId: string) => `backorder-job:${jobId}`

/** The queue row that moves a job on by one order. */
export const jobChange = (jobId: string) => ({
  job_id: jobId,
  reason: "job_step",
})

const outcomeState = (outcome: NetworkDivideOutcome["outcome"]) =>
  outcome === "released"
    ? ("done" as const)
    : outcome === "failed"
      ? ("failed" as const)
      : ("skipped" as const)

/**
 * Moves a background job on by one order (a queued job change): under the
 * job's lock, divides its next pending backorder over the network with the
 * inventory locks held (`runBackorderPlan`), checkpoints the order's result,
 * counters, progress and heartbeat, and queues the next step — or finishes the
 * job and emits `backorder.job_finished`. A step that fails is thrown back to
 * the drain, which retries it with backoff; once it has failed
 * `job_step_attempts` times the order is recorded as failed with the error
 * and the job goes on with the next one. An order processed twice is
 * skipped the second time ("already released"), so nothing is allocated
 * twice.
 */
export async function processBackorderJobChange(
  container: MedusaContainer,
  change: ClaimedChange,
  context: { owner: string; event_group_id?: string }
): Promise<void> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const options = service.getOptions()
  const jobId = change.job_id!
  await withInventoryLock(
    container,
    [backorderJobLockKey(jobId)],
    {
      timeout_seconds: options.lock_timeout_seconds,
      lease_seconds: options.lock_lease_seconds,
    },
    async () => {
      const [job] = await service.listBackorderJobs({ id: jobId })
      if (
        !job ||
        !(ACTIVE_JOB_STATUSES as readonly string[]).includes(job.status)
      ) {
        await service.completeChanges([change.id], context.owner)
        return
      }
      const [item] = await service.listBackorderJobItems(
        { job_id: job.id, state: "pending" },
        { order: { position: "ASC" }, take: 1 }
      )
      const now = new Date()
      await service.updateBackorderJobs({
        id: job.id,
        status: "running",
        heartbeat_at: now,
        ...(job.started_at ? {} : { started_at: now }),
      })

      if (item) {
        let result: NetworkDivideOutcome | null = null
        const actor: PlanActor = job.created_by
          ? { type: "user", id: job.created_by }
          : { type: "system" }
        try {
          await failpoint("job-step")
          const outcome = await runBackorderPlan(container, {
            inventory_item_ids: await resolveBackorderScope(container, {
              order_ids: [item.order_id],
            }),
            order_ids: [item.order_id],
            intent: { network_divide: { backorder_ids: [item.backorder_id] } },
            actor,
            claim: { ids: [change.id], owner: context.owner },
          })
          await emitPlanEvents(container, outcome, context.event_group_id)
          result = outcome.network_results[0] ?? null
        } catch (error) {
          if (
            error instanceof FailpointCrash ||
            change.attempts < options.job_step_attempts
          ) {
            throw error
          }
          result = {
            backorder_id: item.backorder_id,
            order_id: item.order_id,
            outcome: "failed",
            reason: `failed ${change.attempts} time(s): ${(error as Error).message}`,
            allocations: [],
          }
        }
        if (result) {
          await service.updateBackorderJobItems({
            id: item.id,
            state: outcomeState(result.outcome),
            outcome: result.outcome,
            reason: result.reason ?? null,
            allocations: result.allocations as unknown as Record<
              string,
              unknown
            >,
          })
        }
      }

      const counts = await service.countJobItems(job.id)
      const finished = counts.processed === counts.total
      const at = new Date()
      const updated = await service.updateBackorderJobs({
        id: job.id,
        processed: counts.processed,
        failed: counts.failed,
        progress: counts.total
          ? Math.round((counts.processed / counts.total) * 1000) / 10
          : 100,
        heartbeat_at: at,
        ...(finished
          ? {
              status:
                counts.failed === counts.total && counts.total
                  ? "failed"
                  : "succeeded",
              finished_at: at,
            }
          : {}),
      })
      if (!finished) {
        // The job's waiting orders are not stuck while it moves.
        const remaining = await service.listBackorderJobItems(
          { job_id: job.id, state: "pending" },
          { select: ["backorder_id"] }
        )
        await service.updateBackorders(
          remaining.map((i) => ({
            id: i.backorder_id,
            pendingprocess: NETWORK_DIVIDE_PROCESS,
            pendingprocess_at: at,
          }))
        )
        await service.enqueueChanges([jobChange(job.id)])
      }
      await service.completeChanges([change.id], context.owner)
      if (finished) {
        await container.resolve(Modules.EVENT_BUS).emit({
          name: BackorderEvents.JOB_FINISHED,
          data: { id: updated.id, kind: updated.kind, status: updated.status },
          metadata: context.event_group_id
            ? { eventGroupId: context.event_group_id }
            : {},
        })
      }
    }
  )
}

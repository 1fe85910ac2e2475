import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import { NETWORK_DIVIDE_PROCESS } from "../../../planner"
import type { PlanActor } from "../../../types/backorder"
import { withInventoryLock } from "../engine/inventory-lock"
import { backorderJobLockKey } from "../engine/job-steps"

export const resetBackorderJobStepId = "reset-backorder-job"

/**
 * Stops a job and returns the orders it has not processed to the state they
 * had before it queued them; answers their order ids so they can be
 * re-planned. Holds the job's lock, so it never races an order being
 * processed. A finished job cannot be reset (400). Compensation restores the
 * job, its items and the orders.
 */
export const resetBackorderJobStep = createStep(
  resetBackorderJobStepId,
  async (input: { job_id: string; actor: PlanActor }, { container }) => {
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const { lock_timeout_seconds, lock_lease_seconds } = backorders.getOptions()
    const { result, previous } = await withInventoryLock(
      container,
      [backorderJobLockKey(input.job_id)],
      {
        timeout_seconds: lock_timeout_seconds,
        lease_seconds: lock_lease_seconds,
      },
      async () => {
        const job = await backorders.retrieveBackorderJob(input.job_id)
        if (job.finished_at) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `Backorder job ${job.id} is ${job.status}: only unfinished jobs can be reset`
          )
        }
        const pending = await backorders.listBackorderJobItems(
          { job_id: job.id, state: "pending" },
          { order: { position: "ASC" } }
        )
        const current = pending.length
          ? await backorders.listBackorders(
              { id: pending.map((item) => item.backorder_id) },
              { select: ["id", "pendingprocess"] }
            )
          : []
        const marked = new Set(
          current
            .filter((b) => b.pendingprocess === NETWORK_DIVIDE_PROCESS)
            .map((b) => b.id)
        )
        const restorable = pending.filter((item) =>
          marked.has(item.backorder_id)
        )
        if (restorable.length) {
          await backorders.updateBackorders(
            restorable.map((item) => ({
              id: item.backorder_id,
              pendingprocess: item.previous_pendingprocess ?? null,
              pendingprocess_at: item.previous_pendingprocess_at ?? null,
            }))
          )
        }
        if (pending.length) {
          await backorders.updateBackorderJobItems(
            pending.map((item) => ({
              id: item.id,
              state: "skipped" as const,
              reason: "the job was reset before this order",
            }))
          )
        }
        const now = new Date()
        await backorders.updateBackorderJobs({
          id: job.id,
          status: "failed",
          finished_at: now,
          heartbeat_at: now,
          error: `Reset by ${input.actor.id ?? input.actor.type}: ${pending.length} unprocessed order(s) returned to their previous state`,
        })
        return {
          result: {
            id: job.id,
            kind: job.kind,
            order_ids: pending.map((item) => item.order_id),
          },
          previous: {
            job: {
              id: job.id,
              status: job.status,
              finished_at: job.finished_at,
              heartbeat_at: job.heartbeat_at,
              error: job.error,
            },
            item_ids: pending.map((item) => item.id),
            restored: restorable.map((item) => item.backorder_id),
          },
        }
      }
    )
    return new StepResponse(result, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    if (previous.restored.length) {
      await backorders.updateBackorders(
        previous.restored.map((id) => ({
          id,
          pendingprocess: NETWORK_DIVIDE_PROCESS,
        }))
      )
    }
    if (previous.item_ids.length) {
      await backorders.updateBackorderJobItems(
        previous.item_ids.map((id) => ({
          id,
          state: "pending" as const,
          reason: null,
        }))
      )
    }
    await backorders.updateBackorderJobs(previous.job)
  }
)

import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import {
  acquireBackorderLockStep,
  claimBackorderJobStep,
  createNetworkDivideJobStep,
  markStuckBackorderJobsStep,
  recordBackorderJobProgressStep,
  resetBackorderJobStep,
  resumeBackorderJobStep,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

/** Internal event that moves a job on by one order (any worker may handle it). */
export const BACKORDER_JOB_STEP_EVENT = "backorder.job_step"

export const createNetworkDivideJobWorkflowId = "create-network-divide-job"

/**
 * Queues Divide Network Backorder for up to `max_network_batch` backorders
 * and starts it in the background (unless `start` is false): answers the job
 * at once. Compensation removes the job and restores the backorders.
 */
export const createNetworkDivideJobWorkflow = createWorkflow(
  createNetworkDivideJobWorkflowId,
  (input: { backorder_ids: string[]; actor: PlanActor; start?: boolean }) => {
    const job = createNetworkDivideJobStep(input)
    when({ input }, ({ input }) => input.start !== false).then(() => {
      emitEventStep({
        eventName: BACKORDER_JOB_STEP_EVENT,
        data: transform({ job }, ({ job }) => ({ id: job.id })),
      }).config({ name: "emit-backorder-job-start" })
    })
    return new WorkflowResponse(job)
  }
)

export const runBackorderJobStepWorkflowId = "run-backorder-job-step"

/**
 * Processes the next order of a background job, as one unit: takes the job's
 * lease, divides that backorder over the network under the inventory locks
 * (reservations at network locations, release), checkpoints the result and
 * heartbeat, then emits the event for the next order (`chain: false` stops
 * after this one) or `backorder.job_finished`. A process that dies between
 * orders leaves a checkpoint that resume continues from; an order processed
 * twice is skipped the second time ("already released"), so nothing is
 * allocated twice. Compensation undoes the plan and the checkpoint.
 */
export const runBackorderJobStepWorkflow = createWorkflow(
  runBackorderJobStepWorkflowId,
  (input: { job_id: string; chain?: boolean }) => {
    const claim = claimBackorderJobStep({ job_id: input.job_id })
    const work = transform({ claim }, ({ claim }) => ({
      order_ids: claim.claimed && claim.item ? [claim.item.order_id] : [],
      intent: {
        network_divide: {
          backorder_ids:
            claim.claimed && claim.item ? [claim.item.backorder_id] : [],
        },
      },
      actor: claim.created_by
        ? { type: "user" as const, id: claim.created_by }
        : { type: "system" as const },
    }))
    const scope = resolveBackorderScopeStep({ order_ids: work.order_ids })
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    const plan = composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      order_ids: work.order_ids,
      actor: work.actor,
      intent: work.intent,
    })
    releaseBackorderLockStep(lock)

    const progress = recordBackorderJobProgressStep(
      transform({ claim, plan }, ({ claim, plan }) => ({
        claim,
        result: plan.network_results[0] ?? null,
      }))
    )
    when(
      { progress, input },
      ({ progress, input }) => progress.has_next && input.chain !== false
    ).then(() => {
      emitEventStep({
        eventName: BACKORDER_JOB_STEP_EVENT,
        data: transform({ input }, ({ input }) => ({ id: input.job_id })),
      }).config({ name: "emit-backorder-job-next" })
    })
    when({ progress }, ({ progress }) => progress.finished).then(() => {
      emitEventStep({
        eventName: BackorderEvents.JOB_FINISHED,
        data: transform({ progress }, ({ progress }) => ({
          id: progress.job!.id,
          kind: progress.job!.kind,
          status: progress.job!.status,
        })),
      }).config({ name: "emit-backorder-job-finished" })
    })
    return new WorkflowResponse(progress)
  }
)

export const resumeBackorderJobWorkflowId = "resume-backorder-job"

/** Continues a stuck job from its last checkpoint, in the background. */
export const resumeBackorderJobWorkflow = createWorkflow(
  resumeBackorderJobWorkflowId,
  (input: { job_id: string }) => {
    const job = resumeBackorderJobStep(input)
    emitEventStep({
      eventName: BACKORDER_JOB_STEP_EVENT,
      data: transform({ job }, ({ job }) => ({ id: job.id })),
    }).config({ name: "emit-backorder-job-resume" })
    return new WorkflowResponse(job)
  }
)

export const resetBackorderJobWorkflowId = "reset-backorder-job"

/**
 * Stops a job: its unprocessed orders get back the state they had before it
 * queued them and are re-planned (so their status matches the stock again).
 */
export const resetBackorderJobWorkflow = createWorkflow(
  resetBackorderJobWorkflowId,
  (input: { job_id: string; actor: PlanActor }) => {
    const reset = resetBackorderJobStep(input)
    const orderIds = transform({ reset }, ({ reset }) => reset.order_ids)
    const scope = resolveBackorderScopeStep({ order_ids: orderIds })
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      order_ids: orderIds,
      actor: input.actor,
    })
    releaseBackorderLockStep(lock)
    emitEventStep({
      eventName: BackorderEvents.JOB_FINISHED,
      data: transform({ reset }, ({ reset }) => ({
        id: reset.id,
        kind: reset.kind,
        status: "failed",
      })),
    }).config({ name: "emit-backorder-job-reset" })
    return new WorkflowResponse(reset)
  }
)

export const markStuckBackorderJobsWorkflowId = "mark-stuck-backorder-jobs"

/** Marks jobs without a heartbeat for `stuck_after_minutes` as stuck (run by the sweep). */
export const markStuckBackorderJobsWorkflow = createWorkflow(
  markStuckBackorderJobsWorkflowId,
  () => new WorkflowResponse(markStuckBackorderJobsStep({}))
)

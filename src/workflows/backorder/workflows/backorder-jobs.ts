import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents, BACKORDER_CHANGES_QUEUED_EVENT } from "../events"
import { jobChange } from "../engine/job-steps"
import {
  createNetworkDivideJobStep,
  enqueueBackorderChangesStep,
  markStuckBackorderJobsStep,
  resetBackorderJobStep,
  resumeBackorderJobStep,
} from "../steps"
import { planBackordersWorkflow } from "./plan-backorders"

export const createNetworkDivideJobWorkflowId = "create-network-divide-job"

/**
 * Queues Divide Network Backorder for up to `max_network_batch` backorders
 * and starts it in the background (unless `start` is false): the job's first
 * step goes into the change queue and any worker takes it. Answers the job at
 * once. Compensation removes the job and restores the backorders.
 */
export const createNetworkDivideJobWorkflow = createWorkflow(
  createNetworkDivideJobWorkflowId,
  (input: { backorder_ids: string[]; actor: PlanActor; start?: boolean }) => {
    const job = createNetworkDivideJobStep(input)
    when({ input }, ({ input }) => input.start !== false).then(() => {
      enqueueBackorderChangesStep(
        transform({ job }, ({ job }) => ({ changes: [jobChange(job.id)] }))
      )
      emitEventStep({
        eventName: BACKORDER_CHANGES_QUEUED_EVENT,
        data: transform({ job }, ({ job }) => ({ job_id: job.id })),
      }).config({ name: "emit-backorder-job-start" })
    })
    return new WorkflowResponse(job)
  }
)

export const resumeBackorderJobWorkflowId = "resume-backorder-job"

/** Continues a stuck job from its last checkpoint, in the background. */
export const resumeBackorderJobWorkflow = createWorkflow(
  resumeBackorderJobWorkflowId,
  (input: { job_id: string }) => {
    const job = resumeBackorderJobStep(input)
    enqueueBackorderChangesStep(
      transform({ job }, ({ job }) => ({ changes: [jobChange(job.id)] }))
    )
    emitEventStep({
      eventName: BACKORDER_CHANGES_QUEUED_EVENT,
      data: transform({ job }, ({ job }) => ({ job_id: job.id })),
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
    planBackordersWorkflow.runAsStep({
      input: transform({ reset, input }, ({ reset, input }) => ({
        order_ids: reset.order_ids,
        actor: input.actor,
      })),
    })
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

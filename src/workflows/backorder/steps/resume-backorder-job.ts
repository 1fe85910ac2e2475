import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export const resumeBackorderJobStepId = "resume-backorder-job"

/**
 * Puts a stuck (or stalled) job back in the queue from its last checkpoint.
 * A finished job cannot be resumed (400). Compensation restores its status.
 */
export const resumeBackorderJobStep = createStep(
  resumeBackorderJobStepId,
  async (input: { job_id: string }, { container }) => {
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const job = await backorders.retrieveBackorderJob(input.job_id)
    if (
      job.status === "succeeded" ||
      (job.status === "failed" && job.finished_at)
    ) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Backorder job ${job.id} is ${job.status}: only unfinished jobs can be resumed`
      )
    }
    await backorders.updateBackorderJobs({
      id: job.id,
      status: "queued",
      heartbeat_at: new Date(),
    })
    return new StepResponse(
      { id: job.id },
      { id: job.id, status: job.status, heartbeat_at: job.heartbeat_at }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .updateBackorderJobs(previous)
    }
  }
)

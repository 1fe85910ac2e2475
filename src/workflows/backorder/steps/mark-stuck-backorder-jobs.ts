import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export const markStuckBackorderJobsStepId = "mark-stuck-backorder-jobs"

/**
 * Marks jobs with no heartbeat for `stuck_after_minutes` as stuck (the sweep
 * runs this). Compensation puts their previous status back.
 */
export const markStuckBackorderJobsStep = createStep(
  markStuckBackorderJobsStepId,
  async (_: Record<string, never>, { container }) => {
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const { stuck_after_minutes } = await backorders.getSettings()
    const marked = await backorders.markStuckJobs(
      new Date(Date.now() - stuck_after_minutes * 60_000)
    )
    return new StepResponse(
      marked.map((job) => job.id),
      marked
    )
  },
  async (marked, { container }) => {
    if (marked?.length) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .updateBackorderJobs(
          marked.map((job) => ({
            id: job.id,
            status: job.status as "queued" | "running",
          }))
        )
    }
  }
)

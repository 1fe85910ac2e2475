import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { parseExpression } from "cron-parser"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../modules/backorder"
import {
  backorderRunContext,
  processBackorderChangesWorkflow,
  sweepBackordersWorkflow,
} from "../workflows"
import { refreshBackorderEstimates } from "../workflows/backorder/engine"

/**
 * The change queue's clock, on every worker: every 10 seconds, drain what
 * is available (changes whose retry time has come, changes a dead worker
 * left); and when `sweep_schedule` says the consistency sweep is due, run it
 * — one worker per scheduled time; and when `estimate_schedule` says so,
 * recompute every waiting order's estimated date (one worker per time).
 * Each tick also folds the summary's status tally (one row per write).
 */
export default async function backordersSweepJob(container: MedusaContainer) {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  try {
    await tick(container, service)
  } finally {
    // After the queue's work, which must not wait on it; a failure is
    // logged, and folded next time (the counts stay right unfolded).
    await service
      .compactStatusTally()
      .catch((error) =>
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`Backorders: the status tally was not folded: ${error}`)
      )
  }
}

async function tick(
  container: MedusaContainer,
  service: BackorderModuleService
) {
  const { sweep_schedule, estimate_schedule } = service.getOptions()
  if (estimate_schedule !== "off") {
    const due = parseExpression(estimate_schedule, { currentDate: new Date() })
      .prev()
      .toDate()
    if (await service.claimScheduledRun("estimates", due)) {
      await refreshBackorderEstimates(container)
    }
  }
  if (sweep_schedule !== "off") {
    const due = parseExpression(sweep_schedule, { currentDate: new Date() })
      .prev()
      .toDate()
    if (await service.claimScheduledRun("sweep", due)) {
      await sweepBackordersWorkflow(container).run({
        context: backorderRunContext(),
      })
      return
    }
  }
  await processBackorderChangesWorkflow(container).run({
    input: {},
    context: backorderRunContext(),
  })
}

export const config = {
  name: "backorders-sweep",
  schedule: { interval: 10_000 },
}

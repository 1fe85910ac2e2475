import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  BACKORDER_JOB_STEP_EVENT,
  backorderRunContext,
  runBackorderJobStepWorkflow,
} from "../workflows"

/**
 * Moves a background job on by one order. Each order is its own event, so any
 * worker process can take the next one and a crash loses at most the order in
 * flight (the sweep marks the job stuck; resume continues it).
 */
export default async function backordersJobStepHandler({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await runBackorderJobStepWorkflow(container).run({
    input: { job_id: event.data.id },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: BACKORDER_JOB_STEP_EVENT,
  context: { subscriberId: "backorders-job-step" },
}

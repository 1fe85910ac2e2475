import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  BACKORDER_CHANGES_QUEUED_EVENT,
  backorderRunContext,
  processBackorderChangesWorkflow,
} from "../workflows"

/**
 * Another process queued changes it does not drain itself (an HTTP server
 * starting a background job): drain them here, on a worker.
 */
export default async function backordersChangesQueuedHandler({
  container,
}: SubscriberArgs<Record<string, unknown>>) {
  await processBackorderChangesWorkflow(container).run({
    input: {},
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: BACKORDER_CHANGES_QUEUED_EVENT,
  context: { subscriberId: "backorders-changes-queued" },
}

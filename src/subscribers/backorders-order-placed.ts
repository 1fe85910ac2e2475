import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { backorderRunContext, detectBackordersWorkflow } from "../workflows"

/** Detects backorders for every placed order (checkout and draft orders). */
export default async function backordersOrderPlacedHandler({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await detectBackordersWorkflow(container).run({
    input: { order_ids: [event.data.id] },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "backorders-order-placed" },
}

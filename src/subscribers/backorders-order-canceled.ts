import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  backorderRunContext,
  cancelOrderBackordersWorkflow,
} from "../workflows"

/** Cancels an order's backorder and hands its stock to the next in line. */
export default async function backordersOrderCanceledHandler({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await cancelOrderBackordersWorkflow(container).run({
    input: { order_ids: [event.data.id] },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "backorders-order-canceled" },
}

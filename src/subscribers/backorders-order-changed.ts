import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { backorderRunContext, syncOrderBackordersWorkflow } from "../workflows"

/**
 * An order was placed (checkout or draft order) or canceled: bring its
 * backorder in line — detect it, or cancel it and hand its units on.
 */
export default async function backordersOrderChangedHandler({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await syncOrderBackordersWorkflow(container).run({
    input: { order_ids: [event.data.id] },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled"],
  context: { subscriberId: "backorders-order-changed" },
}

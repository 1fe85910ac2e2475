import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { failpoint, queueBackorderChanges } from "../workflows"

/**
 * An order was placed (checkout or a converted draft order), edited, claimed,
 * exchanged or canceled: queue it and drain — detect it (the units it has
 * left to fulfil), sync its lines with the change (a released order whose
 * new items are short waits again), or cancel it and hand its units on. If
 * the plan cannot run now, the queued change stays. Orders created by code
 * (`createOrderWorkflow`) are queued by a step the plugin adds to that
 * workflow; returns reach the queue as the stock they put back.
 */
export default async function backordersOrderChangedHandler({
  event,
  container,
}: SubscriberArgs<{ id?: string; order_id?: string }>) {
  // order.placed / order.canceled carry { id }; order-edit.confirmed,
  // order.claim_created and order.exchange_created carry { order_id }.
  const orderId = event.data.order_id ?? event.data.id
  if (!orderId) {
    return
  }
  // Tests lose the event here (as a bus that gives up on it would).
  await failpoint("order-event")
  await queueBackorderChanges(container, [
    { order_id: orderId, reason: event.name },
  ])
}

export const config: SubscriberConfig = {
  event: [
    "order.placed",
    "order.canceled",
    "order-edit.confirmed",
    "order.claim_created",
    "order.exchange_created",
  ],
  context: { subscriberId: "backorders-order-changed" },
}

import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { backorderRunContext, syncOrderBackordersWorkflow } from "../workflows"

/**
 * An order was placed (checkout or draft order), edited or canceled: bring
 * its backorder in line — detect it, sync its lines with the edit, or cancel
 * it and hand its units on.
 */
export default async function backordersOrderChangedHandler({
  event,
  container,
}: SubscriberArgs<{ id?: string; order_id?: string }>) {
  // order.placed / order.canceled carry { id }; order-edit.confirmed carries { order_id }.
  const orderId = event.data.order_id ?? event.data.id
  if (!orderId) {
    return
  }
  await syncOrderBackordersWorkflow(container).run({
    input: { order_ids: [orderId] },
    context: backorderRunContext(),
  })
}

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled", "order-edit.confirmed"],
  context: { subscriberId: "backorders-order-changed" },
}

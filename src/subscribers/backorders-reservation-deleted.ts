import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  Modules,
  ReservationItemWorkflowEvents,
} from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../modules/backorder"
import { idsOfForeignEvent, queueBackorderChanges } from "../workflows"

/**
 * A reservation was deleted through Medusa's workflows (the admin's
 * Reservations page, an order flow): when it held units of a waiting
 * backorder's line, queue that order, whose plan reads its reservations and
 * covers the line again (or lets it wait). Plans read a waiting order's
 * reservations only when they could hand its units on, so the freed stock
 * alone — a level update — would leave the line counted as covered with
 * nothing behind it. Medusa's workflows soft-delete reservations, so the
 * deleted one still names its line item. Fulfilments, cancellations and
 * edits delete reservations of orders that do not wait; they queue nothing
 * here.
 */
export default async function backordersReservationDeletedHandler({
  event,
  container,
}: SubscriberArgs<{ id: string | string[] }>) {
  const ids = idsOfForeignEvent(event)
  if (!ids.length) {
    return
  }
  const deleted = await container
    .resolve(Modules.INVENTORY)
    .listReservationItems(
      { id: ids },
      { select: ["id", "line_item_id"], withDeleted: true }
    )
  const lineItemIds = deleted.flatMap((r) =>
    r.line_item_id ? [r.line_item_id] : []
  )
  const orderIds = lineItemIds.length
    ? await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .listOrderIdsHoldingLines(lineItemIds)
    : []
  await queueBackorderChanges(
    container,
    orderIds.map((id) => ({ order_id: id, reason: event.name }))
  )
}

export const config: SubscriberConfig = {
  event: ReservationItemWorkflowEvents.DELETED,
  context: { subscriberId: "backorders-reservation-deleted" },
}

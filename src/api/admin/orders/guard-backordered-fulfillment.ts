import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"

type FulfillmentBody = { items?: { id?: unknown; quantity?: unknown }[] }

/**
 * Fulfillment gate (DESIGN D6) on `POST /admin/orders/:id/fulfillments`: while
 * an order waits as a backorder, only released units of its backordered lines
 * (Divide / Send what's available) that are not fulfilled yet can be fulfilled. Refuses with a 400 that names each item held back; orders
 * that are not waiting pass through untouched.
 */
export async function guardBackorderedFulfillment(
  req: MedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  const [backorder] = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackorders(
      { order_id: req.params.id, status: WAITING_STATUSES },
      { relations: ["lines"] }
    )
  if (!backorder) {
    return next()
  }

  const requested = new Map<string, number>()
  for (const item of (req.body as FulfillmentBody | undefined)?.items ?? []) {
    if (typeof item?.id === "string") {
      requested.set(
        item.id,
        (requested.get(item.id) ?? 0) + Number(item.quantity ?? 0)
      )
    }
  }
  // Released units that are not fulfilled yet are the only ones that may ship.
  const fulfilled = new Map<string, number>()
  if ((backorder.lines ?? []).some((line) => line.quantity_released > 0)) {
    const { data } = await req.scope
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({
        entity: "order",
        fields: ["id", "items.*"],
        filters: { id: req.params.id },
      })
    for (const item of ((data[0] as any)?.items ?? []) as {
      id: string
      detail?: { fulfilled_quantity?: unknown }
    }[]) {
      fulfilled.set(item.id, Number(item.detail?.fulfilled_quantity ?? 0))
    }
  }
  const held = (backorder.lines ?? []).filter(
    (line) =>
      (requested.get(line.line_item_id) ?? 0) >
      line.quantity_released - (fulfilled.get(line.line_item_id) ?? 0)
  )
  if (!held.length) {
    return next()
  }

  const describe = (line: (typeof held)[number]) => {
    const backordered = line.quantity - line.quantity_covered
    const waitingCovered = line.quantity_covered - line.quantity_released
    const parts = [`${backordered} backordered`]
    if (waitingCovered > 0) {
      parts.push(`${waitingCovered} in stock but not released`)
    }
    return `"${line.title}"${line.sku ? ` (SKU ${line.sku})` : ""}: ${parts.join(", ")}`
  }
  throw new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Order #${backorder.order_display_id} is backordered (backorder ${backorder.id}); these items cannot be fulfilled yet — ${held
      .map(describe)
      .join(
        "; "
      )}. Wait for the stock to arrive or divide the order to ship what is available.`
  )
}

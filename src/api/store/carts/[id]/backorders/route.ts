import type {
  MedusaResponse,
  MedusaStoreRequest,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import type { StoreCartBackordersResponse } from "../../../../../types"
import {
  managedLinesOf,
  type PlacedOrderRow,
} from "../../../../../workflows/backorder/engine"
import { previewOrders } from "../../../backorders/helpers"

/**
 * GET /store/carts/:id/backorders — which lines of the cart would be
 * backordered if it were completed now, and when they would be ready: the
 * cart planned as the order it would become (behind the queue, with its
 * priority rule). Lines without managed inventory are always ready and are
 * not listed. The cart id is the credential, as on Medusa's cart routes.
 */
export async function GET(
  req: MedusaStoreRequest,
  res: MedusaResponse<StoreCartBackordersResponse>
) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "sales_channel_id",
      "customer_id",
      "customer.groups.id",
      "shipping_methods.shipping_option_id",
      "items.*",
      "items.variant.manage_inventory",
      "items.variant.inventory_items.inventory_item_id",
      "items.variant.inventory_items.required_quantity",
    ],
    filters: { id: req.params.id },
  })
  // Cast through unknown: the app's generated Query types know the cart entity.
  const cart = data[0] as unknown as
    | (PlacedOrderRow & {
        customer_id?: string | null
        sales_channel_id?: string | null
      })
    | undefined
  if (!cart) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Cart ${req.params.id} not found`
    )
  }
  const lines = managedLinesOf(cart)
  const previews = await previewOrders(req.scope, [
    {
      key: cart.id,
      sales_channel_id: cart.sales_channel_id ?? null,
      customer_id: cart.customer_id ?? null,
      customer_group_ids: (cart.customer?.groups ?? []).map((g) => g.id),
      shipping_option_ids: (cart.shipping_methods ?? [])
        .map((m) => m?.shipping_option_id)
        .filter((id): id is string => !!id),
      lines,
    },
  ])
  const preview = previews.get(cart.id)
  res.json({
    cart_id: cart.id,
    estimated_at: preview?.estimated_at ?? null,
    lines: lines.map((line) => {
      const planned = preview?.lines.find(
        (l) => l.line_item_id === line.line_item_id
      )
      return {
        line_item_id: line.line_item_id,
        variant_id: line.variant_id,
        title: line.title,
        quantity: line.quantity,
        quantity_ready: planned?.quantity_ready ?? line.quantity,
        quantity_waiting: planned?.quantity_waiting ?? 0,
        estimated_at: planned?.estimated_at ?? null,
      }
    }),
  })
}

import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import BackorderModule from "../modules/backorder"

/**
 * Read-only link backorder → order: `backorder.order_id` already holds the
 * order id, so no pivot table is needed (Query: `backorder` fields `order.*`).
 */
export default defineLink(
  { linkable: BackorderModule.linkable.backorder, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)

import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import BackorderModule from "../modules/backorder"

/** Read-only inverse link order → backorder (Query: `order` fields `backorder.*`). */
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id" },
  { ...BackorderModule.linkable.backorder.id, primaryKey: "order_id" },
  { readOnly: true }
)

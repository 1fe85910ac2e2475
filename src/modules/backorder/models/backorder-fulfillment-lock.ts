import { model } from "@medusajs/framework/utils"

/**
 * Who is creating a fulfilment of an order right now (DESIGN D11). The gate
 * in Medusa's `create-order-fulfillment` workflow takes the order's row
 * before the workflow reads the order and gives it back when the fulfilment
 * is registered (or rolled back), so two fulfilments of one order never run
 * at once. A row whose `expires_at` passed belonged to a process that died
 * mid-fulfilment: the next fulfilment takes it over.
 */
const BackorderFulfillmentLock = model
  .define("backorder_fulfillment_lock", {
    id: model.id({ prefix: "bofl" }).primaryKey(),
    order_id: model.text(),
    /** The workflow transaction holding the order. */
    owner: model.text(),
    expires_at: model.dateTime(),
  })
  .indexes([{ on: ["order_id"], unique: true }])

export default BackorderFulfillmentLock

import { model } from "@medusajs/framework/utils"

/**
 * The durable change queue (DESIGN D8): one row per trigger — an inventory
 * item whose stock or reservations changed, an order that was placed, edited
 * or canceled, or a background job that has a next order to process. Workers
 * claim rows (`claimed_by` / `claimed_until` is the claim's lease), plan them
 * group by group under the inventory locks and delete what they handled. A
 * busy lock or a failure gives the rows back with `attempts`, a later
 * `available_at` (backoff) and `last_error`: nothing is dropped.
 */
const BackorderChange = model
  .define("backorder_change", {
    id: model.id({ prefix: "bochg" }).primaryKey(),
    inventory_item_id: model.text().nullable(),
    order_id: model.text().nullable(),
    job_id: model.text().nullable(),
    /** What caused the row (order.placed, inventory, sweep, recovery, …): for troubleshooting. */
    reason: model.text(),
    attempts: model.number().default(0),
    available_at: model.dateTime(),
    claimed_by: model.text().nullable(),
    claimed_until: model.dateTime().nullable(),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["available_at"] },
    { on: ["inventory_item_id"], where: "inventory_item_id IS NOT NULL" },
    { on: ["order_id"], where: "order_id IS NOT NULL" },
    { on: ["job_id"], where: "job_id IS NOT NULL" },
  ])

export default BackorderChange

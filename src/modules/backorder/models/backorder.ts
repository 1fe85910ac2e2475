import { model } from "@medusajs/framework/utils"
import BackorderEvent from "./backorder-event"
import BackorderLine from "./backorder-line"

/**
 * One per order that is or was backordered. The ranking keys of the order are
 * copied here so the queue can be read in rank order without joining orders.
 * The queue index (status, priority DESC, order_created_at, order_display_id,
 * id) is written by hand in the first migration: the model DSL cannot express
 * a descending column. The counts by status come from a tally that triggers
 * keep (migration 20261201104500).
 */
const Backorder = model
  .define("backorder", {
    id: model.id({ prefix: "bo" }).primaryKey(),
    order_id: model.text(),
    status: model
      .enum(["backorder", "network_backorder", "pending", "canceled"])
      .default("backorder"),
    priority: model.number().default(0),
    pendingprocess: model.text().nullable(),
    pendingprocess_at: model.dateTime().nullable(),
    order_created_at: model.dateTime(),
    order_display_id: model.number(),
    sales_channel_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    backordered_at: model.dateTime(),
    released_at: model.dateTime().nullable(),
    /**
     * When the order is expected to ship if the expected arrivals come as
     * expected (null: no date, see estimate_reason), as last computed by the
     * planner; estimated_checked_at is when it last changed.
     */
    estimated_at: model.dateTime().nullable(),
    estimate_reason: model.text().nullable(),
    estimated_checked_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
    /** Last time covered units were released early (Divide / Send what's available). */
    divided_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
    lines: model.hasMany(() => BackorderLine, { mappedBy: "backorder" }),
    events: model.hasMany(() => BackorderEvent, { mappedBy: "backorder" }),
  })
  .cascades({ delete: ["lines", "events"] })
  .indexes([
    { on: ["order_id"], unique: true },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
    {
      on: ["pendingprocess", "pendingprocess_at"],
      where: "pendingprocess IS NOT NULL",
    },
    // The sweep's recent releases (a lost order.canceled).
    { on: ["released_at"], where: "status = 'pending'" },
  ])

export default Backorder

import { model } from "@medusajs/framework/utils"
import BackorderJob from "./backorder-job"

/**
 * One order of a background job, in the job's rank order (`position`): its
 * state before the job queued it (a reset restores it) and its result — the
 * job's checkpoint, one row per order.
 */
const BackorderJobItem = model
  .define("backorder_job_item", {
    id: model.id({ prefix: "bojit" }).primaryKey(),
    position: model.number(),
    backorder_id: model.text(),
    order_id: model.text(),
    state: model
      .enum(["pending", "done", "failed", "skipped"])
      .default("pending"),
    previous_status: model.text(),
    previous_pendingprocess: model.text().nullable(),
    previous_pendingprocess_at: model.dateTime().nullable(),
    outcome: model.text().nullable(),
    reason: model.text().nullable(),
    /** Which location ships what, per line (`network` marks network locations). */
    allocations: model.json().nullable(),
    job: model.belongsTo(() => BackorderJob, { mappedBy: "items" }),
  })
  .indexes([
    { on: ["job_id", "position"] },
    { on: ["backorder_id"], where: "state = 'pending'" },
  ])

export default BackorderJobItem

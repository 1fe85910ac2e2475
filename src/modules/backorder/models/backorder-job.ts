import { model } from "@medusajs/framework/utils"
import BackorderJobItem from "./backorder-job-item"

/**
 * A background batch (Divide Network Backorder): its items (one per order,
 * with the order's previous state and result) are the checkpoint,
 * `heartbeat_at` shows it is alive.
 */
const BackorderJob = model
  .define("backorder_job", {
    id: model.id({ prefix: "bojob" }).primaryKey(),
    kind: model.text(),
    status: model
      .enum(["queued", "running", "succeeded", "failed", "stuck"])
      .default("queued"),
    total: model.number().default(0),
    processed: model.number().default(0),
    failed: model.number().default(0),
    progress: model.float().default(0),
    heartbeat_at: model.dateTime().nullable(),
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
    error: model.text().nullable(),
    items: model.hasMany(() => BackorderJobItem, { mappedBy: "job" }),
  })
  .cascades({ delete: ["items"] })
  .indexes([{ on: ["status", "heartbeat_at"] }])

export default BackorderJob

import { model } from "@medusajs/framework/utils"

/**
 * A background batch (Divide Network Backorder): its orders with their
 * previous state and per-order result are the checkpoint, `heartbeat_at`
 * shows it is alive.
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
    items: model.json(),
    error: model.text().nullable(),
  })
  .indexes([{ on: ["status", "heartbeat_at"] }])

export default BackorderJob

import { model } from "@medusajs/framework/utils"

/**
 * When a scheduled task of the plugin (the consistency sweep) last ran, so
 * that with several worker processes ticking, one of them runs it per
 * scheduled time.
 */
const BackorderSchedule = model
  .define("backorder_schedule", {
    id: model.id({ prefix: "bosch" }).primaryKey(),
    name: model.text(),
    ran_at: model.dateTime(),
  })
  .indexes([{ on: ["name"], unique: true }])

export default BackorderSchedule

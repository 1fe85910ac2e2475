import { model } from "@medusajs/framework/utils"
import Backorder from "./backorder"

/** Audit log: who changed what on a backorder, when, with before/after data. */
const BackorderEvent = model
  .define("backorder_event", {
    id: model.id({ prefix: "boev" }).primaryKey(),
    type: model.text(),
    actor_type: model.text().default("system"),
    actor_id: model.text().nullable(),
    data: model.json().nullable(),
    backorder: model.belongsTo(() => Backorder, { mappedBy: "events" }),
  })
  .indexes([{ on: ["backorder_id", "created_at"] }])

export default BackorderEvent

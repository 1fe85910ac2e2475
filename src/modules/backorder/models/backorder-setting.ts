import { model } from "@medusajs/framework/utils"

/**
 * Settings changed at runtime from the admin (one row). A null column falls
 * back to the plugin option of the same name.
 */
const BackorderSetting = model.define("backorder_setting", {
  id: model.id({ prefix: "boset" }).primaryKey(),
  allocation_policy: model.enum(["fill", "complete"]).nullable(),
  network_location_ids: model.json().nullable(),
  stuck_after_minutes: model.number().nullable(),
})

export default BackorderSetting

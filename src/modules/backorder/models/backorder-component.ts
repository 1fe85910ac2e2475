import { model } from "@medusajs/framework/utils"
import BackorderLine from "./backorder-line"

/**
 * An inventory item a backorder line needs per unit (kits have several). The
 * index on `inventory_item_id` serves "which backorders wait for this item".
 */
const BackorderComponent = model
  .define("backorder_component", {
    id: model.id({ prefix: "boc" }).primaryKey(),
    inventory_item_id: model.text(),
    required_quantity: model.number().default(1),
    line: model.belongsTo(() => BackorderLine, { mappedBy: "components" }),
  })
  .indexes([{ on: ["inventory_item_id"] }])

export default BackorderComponent

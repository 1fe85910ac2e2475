import { model } from "@medusajs/framework/utils"
import Backorder from "./backorder"
import BackorderComponent from "./backorder-component"

/**
 * One per order line item with managed inventory. `quantity_covered` units hold
 * a Medusa reservation; `quantity − quantity_covered` are backordered and hold none.
 */
const BackorderLine = model
  .define("backorder_line", {
    id: model.id({ prefix: "bol" }).primaryKey(),
    line_item_id: model.text(),
    variant_id: model.text().nullable(),
    sku: model.text().nullable(),
    title: model.text(),
    quantity: model.number(),
    quantity_covered: model.number().default(0),
    quantity_released: model.number().default(0),
    backorder: model.belongsTo(() => Backorder, { mappedBy: "lines" }),
    components: model.hasMany(() => BackorderComponent, { mappedBy: "line" }),
  })
  .cascades({ delete: ["components"] })
  .indexes([
    { on: ["line_item_id"], unique: true },
    { on: ["sku"], where: "sku IS NOT NULL" },
  ])

export default BackorderLine

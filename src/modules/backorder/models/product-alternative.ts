import { model } from "@medusajs/framework/utils"

/**
 * A variant that may replace another one on a backordered line: `rank` 1 is
 * tried first. A two-way alternative also works the other way round.
 */
const ProductAlternative = model
  .define("product_alternative", {
    id: model.id({ prefix: "palt" }).primaryKey(),
    variant_id: model.text(),
    alternative_variant_id: model.text(),
    rank: model.number().default(1),
    two_way: model.boolean().default(false),
  })
  .indexes([
    { on: ["variant_id", "alternative_variant_id"], unique: true },
    { on: ["alternative_variant_id"] },
  ])

export default ProductAlternative

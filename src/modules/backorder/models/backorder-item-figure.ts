import { model } from "@medusajs/framework/utils"

/**
 * Per inventory item, what its waiting single-item lines miss: units, how
 * many lines (`orders_waiting`: an order with two lines on the item counts
 * twice), since when. The module moves the figures by what each write
 * changes (never by re-reading a queue) and takes the oldest wait from the
 * index, so the SKU report reads one row per item at any queue length
 * (DESIGN D9). Kit lines are attributed when the report is read (it depends
 * on stock).
 */
const BackorderItemFigure = model
  .define("backorder_item_figure", {
    id: model.id({ prefix: "bofig" }).primaryKey(),
    inventory_item_id: model.text(),
    units_missing: model.number().default(0),
    orders_waiting: model.number().default(0),
    oldest_waiting_since: model.dateTime().nullable(),
  })
  .indexes([{ on: ["inventory_item_id"], unique: true }])

export default BackorderItemFigure

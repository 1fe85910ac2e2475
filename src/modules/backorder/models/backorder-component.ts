import { model } from "@medusajs/framework/utils"
import BackorderLine from "./backorder-line"

/**
 * An inventory item a backorder line needs per unit (kits have several).
 *
 * It also carries a copy of what ranks its backorder in the queue — whether it
 * waits, its priority, order date, display id, order id — and whether its line
 * holds units a plan may hand on (`holds`), whether its backorder waits on
 * network stock (`network`), kept in sync by the module service
 * whenever a backorder or line changes. With them, one index serves "the
 * queue of this item in rank order" and another "the waiting lines holding
 * units of this item", so a plan reads only the head of a queue (DESIGN D9).
 * `missing`, `kit` and `backordered_at` let the SKU report be counted in SQL;
 * `multi` finds the items a backorder links.
 * These indexes are written by hand in the migration (the DSL has no DESC,
 * no INCLUDE).
 */
const BackorderComponent = model
  .define("backorder_component", {
    id: model.id({ prefix: "boc" }).primaryKey(),
    inventory_item_id: model.text(),
    required_quantity: model.number().default(1),
    line: model.belongsTo(() => BackorderLine, { mappedBy: "components" }),
    backorder_id: model.text().nullable(),
    order_id: model.text().nullable(),
    waiting: model.boolean().default(false),
    priority: model.number().default(0),
    order_created_at: model.dateTime().nullable(),
    order_display_id: model.number().default(0),
    holds: model.boolean().default(false),
    /**
     * Its backorder waits on network stock (`network_backorder`): a plan
     * loads these with the holders (the network stock that flag rests on
     * may be gone), from an index instead of a join over the queue.
     */
    network: model.boolean().default(false),
    /** Units of this item the waiting line still misses ((quantity − covered) × required); 0 once it stops waiting. */
    missing: model.number().default(0),
    /** The line needs several items (a kit): which of them block it is decided when the report is read. */
    kit: model.boolean().default(false),
    /**
     * Its backorder needs other items too (another line, or a kit): only
     * these link items that must be planned together, so finding an item's
     * links reads these, not its whole queue. May stay set after the other
     * lines went (it then costs a read, never a missed link).
     */
    multi: model.boolean().default(false),
    backordered_at: model.dateTime().nullable(),
    /** Its backorder's estimated date (copied), so the SKU report finds each item's latest date in an index. */
    estimated_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["inventory_item_id"] }, { on: ["backorder_id"] }])

export default BackorderComponent

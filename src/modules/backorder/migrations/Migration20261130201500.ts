import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130201500 extends Migration {

  override async up(): Promise<void> {
    // A plan reads an item's queue head among the lines that still miss
    // units of it (a covered line of an order waiting for another item is
    // a holder, not a demand), in rank order.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_short_queue" ON "backorder_component" ("inventory_item_id", "priority" DESC, "order_created_at", "order_display_id", "order_id") WHERE waiting AND missing > 0 AND deleted_at IS NULL;`);
    this.addSql(`drop index if exists "IDX_backorder_component_queue";`);
    // Holders in rank order: a plan reads those ranked after its first demand.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_ranked_holders" ON "backorder_component" ("inventory_item_id", "priority" DESC, "order_created_at", "order_display_id", "order_id") WHERE waiting AND holds AND deleted_at IS NULL;`);
    this.addSql(`drop index if exists "IDX_backorder_component_holders";`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_queue" ON "backorder_component" ("inventory_item_id", "priority" DESC, "order_created_at", "order_display_id", "order_id") WHERE waiting AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_holders" ON "backorder_component" ("inventory_item_id") WHERE waiting AND holds AND deleted_at IS NULL;`);
    this.addSql(`drop index if exists "IDX_backorder_component_short_queue";`);
    this.addSql(`drop index if exists "IDX_backorder_component_ranked_holders";`);
  }

}

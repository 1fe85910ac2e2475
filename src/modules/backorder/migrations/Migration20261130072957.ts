import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130072957 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder_component" add column if not exists "multi" boolean not null default false;`);
    // Components of backorders that need more than one item, filled in once.
    this.addSql(`update "backorder_component" c set "multi" = true from "backorder_line" l where l."id" = c."line_id" and exists (select 1 from "backorder_component" c3 join "backorder_line" l3 on l3."id" = c3."line_id" where l3."backorder_id" = l."backorder_id" and c3."inventory_item_id" <> c."inventory_item_id" and c3."deleted_at" is null and l3."deleted_at" is null);`);
    // The links of an item (the other items its waiting backorders need) from
    // the components that have any: a trigger on a queue of single-item
    // orders finds none without reading the queue.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_links" ON "backorder_component" ("inventory_item_id", "backorder_id") WHERE waiting AND multi AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_component_links";`);
    this.addSql(`alter table if exists "backorder_component" drop column if exists "multi";`);
  }

}

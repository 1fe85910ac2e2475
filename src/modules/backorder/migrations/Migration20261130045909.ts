import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130045909 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder_component" add column if not exists "estimated_at" timestamptz null;`);
    // The copy of each waiting backorder's estimated date, filled in once.
    this.addSql(`update "backorder_component" c set "estimated_at" = b."estimated_at" from "backorder" b where b."id" = c."backorder_id" and b."estimated_at" is not null and c."estimated_at" is null;`);
    // Per item, the latest estimated date and whether any is missing, among
    // the waiting lines it keeps short: two index probes per item for the SKU
    // report, whatever the length of the queue.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_estimates" ON "backorder_component" ("inventory_item_id", "estimated_at") WHERE waiting AND missing > 0 AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_component_estimates";`);
    this.addSql(`alter table if exists "backorder_component" drop column if exists "estimated_at";`);
  }

}

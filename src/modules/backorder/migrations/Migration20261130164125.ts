import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130164125 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder_component" add column if not exists "network" boolean not null default false;`);
    // Components of waiting lines whose backorder waits on network stock, filled in once.
    this.addSql(`update "backorder_component" c set "network" = true from "backorder_line" l join "backorder" b on b."id" = l."backorder_id" where l."id" = c."line_id" and b."status" = 'network_backorder' and b."deleted_at" is null and l."deleted_at" is null;`);
    // A plan loads them with the holders: from this index, not a join over
    // the item's whole queue (what made a trigger that changes nothing grow
    // with the queue).
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_network" ON "backorder_component" ("inventory_item_id") WHERE waiting AND network AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_component_network";`);
    this.addSql(`alter table if exists "backorder_component" drop column if exists "network";`);
  }

}

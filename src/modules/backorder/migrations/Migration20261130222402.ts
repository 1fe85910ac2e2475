import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130222402 extends Migration {

  override async up(): Promise<void> {
    // The sweep rechecks backorders released in the last hour for a lost
    // order.canceled: read from this index, not from every release ever.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_released_at" ON "backorder" ("released_at") WHERE status = 'pending' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_released_at";`);
  }

}

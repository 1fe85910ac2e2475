import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129222946 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "backorder" add column if not exists "estimated_at" timestamptz null, add column if not exists "estimate_reason" text null, add column if not exists "estimated_checked_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "backorder" drop column if exists "estimated_at", drop column if exists "estimate_reason", drop column if exists "estimated_checked_at";`);
  }

}

import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129211519 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "backorder_fulfillment_lock" drop constraint if exists "backorder_fulfillment_lock_order_id_unique";`
    )
    this.addSql(
      `create table if not exists "backorder_fulfillment_lock" ("id" text not null, "order_id" text not null, "owner" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_fulfillment_lock_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_fulfillment_lock_deleted_at" ON "backorder_fulfillment_lock" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_fulfillment_lock_order_id_unique" ON "backorder_fulfillment_lock" ("order_id") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_fulfillment_lock" cascade;`)
  }
}

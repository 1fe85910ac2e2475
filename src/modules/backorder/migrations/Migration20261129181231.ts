import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129181231 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "backorder_change" ("id" text not null, "inventory_item_id" text null, "order_id" text null, "job_id" text null, "reason" text not null, "attempts" integer not null default 0, "available_at" timestamptz not null, "claimed_by" text null, "claimed_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_change_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_change_deleted_at" ON "backorder_change" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_change_available_at" ON "backorder_change" ("available_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_change_inventory_item_id" ON "backorder_change" ("inventory_item_id") WHERE inventory_item_id IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_change_order_id" ON "backorder_change" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_change_job_id" ON "backorder_change" ("job_id") WHERE job_id IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `alter table if exists "backorder_schedule" drop constraint if exists "backorder_schedule_name_unique";`
    )
    this.addSql(
      `create table if not exists "backorder_schedule" ("id" text not null, "name" text not null, "ran_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_schedule_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_schedule_deleted_at" ON "backorder_schedule" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_schedule_name_unique" ON "backorder_schedule" ("name") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_change" cascade;`)
    this.addSql(`drop table if exists "backorder_schedule" cascade;`)
  }
}

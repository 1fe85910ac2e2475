import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129220322 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "backorder_arrival" ("id" text not null, "inventory_item_id" text not null, "location_id" text not null, "quantity" integer not null, "received_quantity" integer not null default 0, "expected_at" timestamptz not null, "reference" text null, "status" text check ("status" in ('expected', 'received', 'canceled')) not null default 'expected', "received_at" timestamptz null, "canceled_at" timestamptz null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_arrival_pkey" primary key ("id"));`
    )
    // Never more received than expected, never an empty arrival.
    this.addSql(
      `alter table if exists "backorder_arrival" add constraint "backorder_arrival_quantities_check" check ("quantity" > 0 and "received_quantity" >= 0 and "received_quantity" <= "quantity");`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_arrival_deleted_at" ON "backorder_arrival" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_arrival_inventory_item_id_status_expected_at" ON "backorder_arrival" ("inventory_item_id", "status", "expected_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_arrival_location_id_status" ON "backorder_arrival" ("location_id", "status") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_arrival_status_expected_at" ON "backorder_arrival" ("status", "expected_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_arrival" cascade;`)
  }
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261127043835 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "backorder_line" drop constraint if exists "backorder_line_line_item_id_unique";`
    )
    this.addSql(
      `alter table if exists "backorder" drop constraint if exists "backorder_order_id_unique";`
    )
    this.addSql(
      `create table if not exists "backorder" ("id" text not null, "order_id" text not null, "status" text check ("status" in ('backorder', 'network_backorder', 'pending', 'canceled')) not null default 'backorder', "priority" integer not null default 0, "pendingprocess" text null, "pendingprocess_at" timestamptz null, "order_created_at" timestamptz not null, "order_display_id" integer not null, "sales_channel_id" text null, "customer_id" text null, "email" text null, "backordered_at" timestamptz not null, "released_at" timestamptz null, "canceled_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_deleted_at" ON "backorder" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_order_id_unique" ON "backorder" ("order_id") WHERE deleted_at IS NULL;`
    )
    // Hand-written: the queue in rank order (priority desc → order date → display id → id), also used for counts by status.
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_queue" ON "backorder" ("status", "priority" DESC, "order_created_at", "order_display_id", "id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_customer_id" ON "backorder" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_pendingprocess_pendingprocess_at" ON "backorder" ("pendingprocess", "pendingprocess_at") WHERE pendingprocess IS NOT NULL AND deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "backorder_event" ("id" text not null, "type" text not null, "actor_type" text not null default 'system', "actor_id" text null, "data" jsonb null, "backorder_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_event_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_event_backorder_id" ON "backorder_event" ("backorder_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_event_deleted_at" ON "backorder_event" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_event_backorder_id_created_at" ON "backorder_event" ("backorder_id", "created_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "backorder_line" ("id" text not null, "line_item_id" text not null, "variant_id" text null, "sku" text null, "title" text not null, "quantity" integer not null, "quantity_covered" integer not null default 0, "quantity_released" integer not null default 0, "backorder_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_line_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_line_backorder_id" ON "backorder_line" ("backorder_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_line_deleted_at" ON "backorder_line" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_line_line_item_id_unique" ON "backorder_line" ("line_item_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_line_sku" ON "backorder_line" ("sku") WHERE sku IS NOT NULL AND deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "backorder_component" ("id" text not null, "inventory_item_id" text not null, "required_quantity" integer not null default 1, "line_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_component_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_line_id" ON "backorder_component" ("line_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_deleted_at" ON "backorder_component" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_inventory_item_id" ON "backorder_component" ("inventory_item_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "backorder_event" add constraint "backorder_event_backorder_id_foreign" foreign key ("backorder_id") references "backorder" ("id") on update cascade on delete cascade;`
    )

    this.addSql(
      `alter table if exists "backorder_line" add constraint "backorder_line_backorder_id_foreign" foreign key ("backorder_id") references "backorder" ("id") on update cascade on delete cascade;`
    )

    this.addSql(
      `alter table if exists "backorder_component" add constraint "backorder_component_line_id_foreign" foreign key ("line_id") references "backorder_line" ("id") on update cascade on delete cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "backorder_event" drop constraint if exists "backorder_event_backorder_id_foreign";`
    )

    this.addSql(
      `alter table if exists "backorder_line" drop constraint if exists "backorder_line_backorder_id_foreign";`
    )

    this.addSql(
      `alter table if exists "backorder_component" drop constraint if exists "backorder_component_line_id_foreign";`
    )

    this.addSql(`drop index if exists "IDX_backorder_queue";`)
    this.addSql(`drop table if exists "backorder" cascade;`)

    this.addSql(`drop table if exists "backorder_event" cascade;`)

    this.addSql(`drop table if exists "backorder_line" cascade;`)

    this.addSql(`drop table if exists "backorder_component" cascade;`)
  }
}

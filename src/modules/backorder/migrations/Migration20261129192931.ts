import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The queue of each inventory item in rank order (DESIGN D9): components
 * carry their backorder's rank keys, whether it waits and whether their line
 * holds units, so "the head of this item's queue" and "the waiting lines
 * holding this item" are index reads. Existing rows are filled in.
 */
export class Migration20261129192931 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "backorder_component" add column if not exists "backorder_id" text null, add column if not exists "order_id" text null, add column if not exists "waiting" boolean not null default false, add column if not exists "priority" integer not null default 0, add column if not exists "order_created_at" timestamptz null, add column if not exists "order_display_id" integer not null default 0, add column if not exists "holds" boolean not null default false, add column if not exists "missing" integer not null default 0, add column if not exists "kit" boolean not null default false, add column if not exists "backordered_at" timestamptz null;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_backorder_id" ON "backorder_component" ("backorder_id") WHERE deleted_at IS NULL;`
    )
    // Hand-written: the DSL cannot express the descending priority.
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_queue" ON "backorder_component" ("inventory_item_id", "priority" DESC, "order_created_at", "order_display_id", "order_id") WHERE waiting AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_holders" ON "backorder_component" ("inventory_item_id") WHERE waiting AND holds AND deleted_at IS NULL;`
    )
    // The admin list in rank order over every status (keyset pages).
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_rank" ON "backorder" ("priority" DESC, "order_created_at", "order_display_id", "id") WHERE deleted_at IS NULL;`
    )
    // The per-item figures: an item's oldest waiting line is the first entry.
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_missing" ON "backorder_component" ("inventory_item_id", "backordered_at") INCLUDE ("missing") WHERE waiting AND missing > 0 AND NOT kit AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_component_kits" ON "backorder_component" ("inventory_item_id") WHERE waiting AND missing > 0 AND kit AND deleted_at IS NULL;`
    )
    this.addSql(
      `update "backorder_component" c set "backorder_id" = b."id", "order_id" = b."order_id",
         "waiting" = (b."status" in ('backorder', 'network_backorder') and b."deleted_at" is null and l."deleted_at" is null),
         "priority" = b."priority", "order_created_at" = b."order_created_at", "order_display_id" = b."order_display_id",
         "holds" = (l."quantity_covered" > l."quantity_released"),
         "missing" = case when b."status" in ('backorder', 'network_backorder') then greatest(0, l."quantity" - l."quantity_covered") * c."required_quantity" else 0 end,
         "kit" = (select count(*) from "backorder_component" c2 where c2."line_id" = l."id" and c2."deleted_at" is null) > 1,
         "backordered_at" = b."backordered_at"
       from "backorder_line" l join "backorder" b on b."id" = l."backorder_id"
       where c."line_id" = l."id";`
    )
    this.addSql(
      `create table if not exists "backorder_item_figure" ("id" text not null, "inventory_item_id" text not null, "units_missing" integer not null default 0, "orders_waiting" integer not null default 0, "oldest_waiting_since" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_item_figure_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_item_figure_deleted_at" ON "backorder_item_figure" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_backorder_item_figure_inventory_item_id_unique" ON "backorder_item_figure" ("inventory_item_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `insert into "backorder_item_figure" ("id", "inventory_item_id", "units_missing", "orders_waiting", "oldest_waiting_since")
       select 'bofig_' || "inventory_item_id", "inventory_item_id", sum("missing"), count(*), min("backordered_at")
       from "backorder_component" where "waiting" and "missing" > 0 and not "kit" and "deleted_at" is null
       group by "inventory_item_id"
       on conflict do nothing;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_item_figure" cascade;`)
    this.addSql(`drop index if exists "IDX_backorder_rank";`)
    this.addSql(`drop index if exists "IDX_backorder_component_kits";`)
    this.addSql(`drop index if exists "IDX_backorder_component_missing";`)
    this.addSql(`drop index if exists "IDX_backorder_component_holders";`)
    this.addSql(`drop index if exists "IDX_backorder_component_queue";`)
    this.addSql(`drop index if exists "IDX_backorder_component_backorder_id";`)
    this.addSql(
      `alter table if exists "backorder_component" drop column if exists "backorder_id", drop column if exists "order_id", drop column if exists "waiting", drop column if exists "priority", drop column if exists "order_created_at", drop column if exists "order_display_id", drop column if exists "holds", drop column if exists "missing", drop column if exists "kit", drop column if exists "backordered_at";`
    )
  }
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261129205255 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "backorder_job_item" ("id" text not null, "position" integer not null, "backorder_id" text not null, "order_id" text not null, "state" text check ("state" in ('pending', 'done', 'failed', 'skipped')) not null default 'pending', "previous_status" text not null, "previous_pendingprocess" text null, "previous_pendingprocess_at" timestamptz null, "outcome" text null, "reason" text null, "allocations" jsonb null, "job_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_job_item_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_item_job_id" ON "backorder_job_item" ("job_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_item_deleted_at" ON "backorder_job_item" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_item_job_id_position" ON "backorder_job_item" ("job_id", "position") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_item_backorder_id" ON "backorder_job_item" ("backorder_id") WHERE state = 'pending' AND deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "backorder_job_item" add constraint "backorder_job_item_job_id_foreign" foreign key ("job_id") references "backorder_job" ("id") on update cascade on delete cascade;`
    )

    // The jobs' JSON checkpoints become rows (one per order, in order).
    this
      .addSql(`insert into "backorder_job_item" ("id", "position", "backorder_id", "order_id", "state", "previous_status", "previous_pendingprocess", "previous_pendingprocess_at", "outcome", "reason", "allocations", "job_id")
      select 'bojit_' || j."id" || '_' || e.n, e.n, e.item->>'backorder_id', e.item->>'order_id', coalesce(e.item->>'state', 'pending'),
        coalesce(e.item->'previous'->>'status', 'backorder'), e.item->'previous'->>'pendingprocess', (e.item->'previous'->>'pendingprocess_at')::timestamptz,
        e.item->>'outcome', e.item->>'reason', e.item->'allocations', j."id"
      from "backorder_job" j, jsonb_array_elements(j."items") with ordinality as e(item, n)
      where j."items" is not null;`)
    this.addSql(
      `alter table if exists "backorder_job" drop column if exists "items";`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_job_item" cascade;`)

    this.addSql(
      `alter table if exists "backorder_job" add column if not exists "items" jsonb not null default '[]';`
    )
  }
}

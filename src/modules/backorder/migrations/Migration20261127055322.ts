import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261127055322 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "backorder_job" ("id" text not null, "kind" text not null, "status" text check ("status" in ('queued', 'running', 'succeeded', 'failed', 'stuck')) not null default 'queued', "total" integer not null default 0, "processed" integer not null default 0, "failed" integer not null default 0, "progress" real not null default 0, "heartbeat_at" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_by" text null, "items" jsonb not null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_job_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_deleted_at" ON "backorder_job" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_job_status_heartbeat_at" ON "backorder_job" ("status", "heartbeat_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "backorder_setting" ("id" text not null, "allocation_policy" text check ("allocation_policy" in ('fill', 'complete')) null, "network_location_ids" jsonb null, "stuck_after_minutes" integer null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "backorder_setting_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_backorder_setting_deleted_at" ON "backorder_setting" ("deleted_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backorder_job" cascade;`)

    this.addSql(`drop table if exists "backorder_setting" cascade;`)
  }
}

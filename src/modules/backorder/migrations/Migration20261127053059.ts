import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261127053059 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "product_alternative" drop constraint if exists "product_alternative_variant_id_alternative_variant_id_unique";`
    )
    this.addSql(
      `create table if not exists "product_alternative" ("id" text not null, "variant_id" text not null, "alternative_variant_id" text not null, "rank" integer not null default 1, "two_way" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_alternative_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_alternative_deleted_at" ON "product_alternative" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_alternative_variant_id_alternative_variant_id_unique" ON "product_alternative" ("variant_id", "alternative_variant_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_product_alternative_alternative_variant_id" ON "product_alternative" ("alternative_variant_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "backorder" add column if not exists "divided_at" timestamptz null;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "product_alternative" cascade;`)

    this.addSql(
      `alter table if exists "backorder" drop column if exists "divided_at";`
    )
  }
}

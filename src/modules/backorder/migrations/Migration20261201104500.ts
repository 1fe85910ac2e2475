import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The summary's counts per status, kept by PostgreSQL as backorders are
 * written (DESIGN D9): every statement that inserts, updates or deletes
 * backorders adds one row per status it changed, with the difference it made
 * (statement triggers over the rows the statement changed, so the tally
 * costs what a write touches and is exact under concurrent writers: each row
 * version is counted by the transaction that wrote it). Readers sum the rows;
 * `compactStatusTally` folds them into one per status. Counting the table
 * instead grows with every release and cancellation ever made.
 */
export class Migration20261201104500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "backorder_status_tally" ("id" bigserial primary key, "status" text not null, "backorders" integer not null);`);
    this.addSql(`create or replace function backorder_status_tally_insert() returns trigger language plpgsql as $$
      begin
        insert into backorder_status_tally (status, backorders)
        select status, count(*)::int from backorder_new where deleted_at is null group by status;
        return null;
      end $$;`);
    this.addSql(`create or replace function backorder_status_tally_update() returns trigger language plpgsql as $$
      begin
        insert into backorder_status_tally (status, backorders)
        select status, sum(n)::int from (
          select status, 1 as n from backorder_new where deleted_at is null
          union all
          select status, -1 as n from backorder_old where deleted_at is null
        ) changed group by status having sum(n) <> 0;
        return null;
      end $$;`);
    this.addSql(`create or replace function backorder_status_tally_delete() returns trigger language plpgsql as $$
      begin
        insert into backorder_status_tally (status, backorders)
        select status, -count(*)::int from backorder_old where deleted_at is null group by status;
        return null;
      end $$;`);
    this.addSql(`create or replace function backorder_status_tally_truncate() returns trigger language plpgsql as $$
      begin
        delete from backorder_status_tally;
        return null;
      end $$;`);
    this.addSql(`drop trigger if exists "backorder_status_tally_insert" on "backorder";`);
    this.addSql(`create trigger "backorder_status_tally_insert" after insert on "backorder" referencing new table as backorder_new for each statement execute function backorder_status_tally_insert();`);
    this.addSql(`drop trigger if exists "backorder_status_tally_update" on "backorder";`);
    this.addSql(`create trigger "backorder_status_tally_update" after update on "backorder" referencing old table as backorder_old new table as backorder_new for each statement execute function backorder_status_tally_update();`);
    this.addSql(`drop trigger if exists "backorder_status_tally_delete" on "backorder";`);
    this.addSql(`create trigger "backorder_status_tally_delete" after delete on "backorder" referencing old table as backorder_old for each statement execute function backorder_status_tally_delete();`);
    this.addSql(`drop trigger if exists "backorder_status_tally_truncate" on "backorder";`);
    this.addSql(`create trigger "backorder_status_tally_truncate" after truncate on "backorder" for each statement execute function backorder_status_tally_truncate();`);
    // What the backorders count now, once.
    this.addSql(`delete from "backorder_status_tally";`);
    this.addSql(`insert into "backorder_status_tally" (status, backorders) select status, count(*)::int from "backorder" where deleted_at is null group by status;`);
    // The summary's "holding units" count reads the distinct backorders of
    // the holding components from this index (an index-only scan).
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_backorder_component_holding_backorder" ON "backorder_component" ("backorder_id") WHERE waiting AND holds AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_backorder_component_holding_backorder";`);
    this.addSql(`drop trigger if exists "backorder_status_tally_insert" on "backorder";`);
    this.addSql(`drop trigger if exists "backorder_status_tally_update" on "backorder";`);
    this.addSql(`drop trigger if exists "backorder_status_tally_delete" on "backorder";`);
    this.addSql(`drop trigger if exists "backorder_status_tally_truncate" on "backorder";`);
    this.addSql(`drop function if exists backorder_status_tally_insert();`);
    this.addSql(`drop function if exists backorder_status_tally_update();`);
    this.addSql(`drop function if exists backorder_status_tally_delete();`);
    this.addSql(`drop function if exists backorder_status_tally_truncate();`);
    this.addSql(`drop table if exists "backorder_status_tally";`);
  }

}

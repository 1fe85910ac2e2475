import type {
  Context,
  FindConfig,
  InferEntityType,
  Logger,
} from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { container as appContainer } from "@medusajs/framework"
import { checkOptionReferences } from "./references"
import { lineComponents, lineFields } from "./line-fields"
import { newId } from "../../utils/ids"
import Backorder from "./models/backorder"
import BackorderArrival from "./models/backorder-arrival"
import BackorderChange from "./models/backorder-change"
import BackorderSchedule from "./models/backorder-schedule"
import BackorderFulfillmentLock from "./models/backorder-fulfillment-lock"
import BackorderItemFigure from "./models/backorder-item-figure"
import BackorderComponent from "./models/backorder-component"
import BackorderEvent from "./models/backorder-event"
import BackorderLine from "./models/backorder-line"
import BackorderJob from "./models/backorder-job"
import BackorderJobItem from "./models/backorder-job-item"
import BackorderSetting from "./models/backorder-setting"
import ProductAlternative from "./models/product-alternative"
import { type BackorderModuleOptions, parseBackorderOptions } from "./options"
import type {
  BackorderLineRecord,
  PlanActor,
  PlanRecordChanges,
  SavedPlanChanges,
} from "../../types/backorder"
import { type BackorderStatusValue, WAITING_STATUSES } from "./status"
import type {
  ChangeInput,
  ChangeQueueStats,
  ClaimedChange,
  BackorderPageRow,
  PlanBackorderRow,
  ShortageFigures,
  QueueCursor,
  QueueEntry,
} from "../../types/backorder"

const changeKey = (change: ChangeInput) =>
  [
    change.inventory_item_id ?? "",
    change.order_id ?? "",
    change.job_id ?? "",
  ].join("\u0000")

type BackorderDTO = InferEntityType<typeof Backorder>

/** The settings an admin can change at runtime (the rest are plugin options). */
export type StoredSettingKey =
  "allocation_policy" | "network_location_ids" | "stuck_after_minutes"

/** Upper bound on scope expansion rounds; each round is one query. */
const MAX_SCOPE_ROUNDS = 25

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value)

/** A backorder's new estimated date, as `saveEstimates` stores it. */
type EstimateUpdate = {
  id: string
  estimated_at: Date | null
  estimate_reason: string | null
  estimated_checked_at: Date
}

type Knex = ReturnType<SqlEntityManager["getKnex"]>

/** The knex of the current transaction (so set-based writes share it with the ORM's). */
const transactionalKnex = (sharedContext: Context): Knex => {
  const manager = (sharedContext.transactionManager ??
    sharedContext.manager) as SqlEntityManager
  return (manager.getTransactionContext() ?? manager.getKnex()) as Knex
}

/**
 * Writes triggers into the change queue with `db` (a transaction's, or the
 * pool's); one equal to a queued, unclaimed, never attempted row is absorbed
 * by it. Answers the ids of the rows written (see `enqueueChanges`).
 */
async function insertChanges(
  db: Knex,
  changes: ChangeInput[],
  delaySeconds = 0
): Promise<string[]> {
  const seen = new Set<string>()
  const unique = changes.filter((change) => {
    const key = changeKey(change)
    if (
      seen.has(key) ||
      (!change.inventory_item_id && !change.order_id && !change.job_id)
    ) {
      return false
    }
    seen.add(key)
    return true
  })
  const delay = Math.max(0, Math.floor(delaySeconds))
  const ids: string[] = []
  for (const part of chunk(unique, 500)) {
    const values = part.map((change) => [
      newId("bochg"),
      change.inventory_item_id ?? null,
      change.order_id ?? null,
      change.job_id ?? null,
      change.reason,
    ])
    const { rows } = await db.raw(
      `insert into backorder_change (id, inventory_item_id, order_id, job_id, reason, available_at)
         select v.id, v.inventory_item_id, v.order_id, v.job_id, v.reason, now() + make_interval(secs => ?)
         from (values ${values.map(() => "(?, ?::text, ?::text, ?::text, ?)").join(", ")})
           as v(id, inventory_item_id, order_id, job_id, reason)
         where not exists (
           select 1 from backorder_change c
           where c.deleted_at is null and c.claimed_by is null and c.attempts = 0
             and c.available_at <= now() + make_interval(secs => ?)
             and c.inventory_item_id is not distinct from v.inventory_item_id
             and c.order_id is not distinct from v.order_id
             and c.job_id is not distinct from v.job_id
         )
         returning id`,
      [delay, ...values.flat(), delay]
    )
    ids.push(...rows.map((row: { id: string }) => row.id))
  }
  return ids
}

/** The stored line columns the admin list and planning read. */
const LINE_COLUMNS = [
  "id",
  "backorder_id",
  "line_item_id",
  "variant_id",
  "sku",
  "title",
  "quantity",
  "quantity_covered",
  "quantity_released",
] as const

/** Rows grouped by a key, each mapped, in their order. */
function groupRows<R, V>(
  rows: R[],
  keyOf: (row: R) => string,
  valueOf: (row: R) => V
): Map<string, V[]> {
  const groups = new Map<string, V[]>()
  for (const row of rows) {
    const list = groups.get(keyOf(row)) ?? []
    list.push(valueOf(row))
    groups.set(keyOf(row), list)
  }
  return groups
}

/**
 * Statements take ids in chunks (a bounded statement whatever the queue
 * length) passed as one array parameter (`= any(?)`), far from PostgreSQL's
 * 65,535 bind parameters.
 */
const CHUNK = 5000

/**
 * Rows of `after`'s priority ranked after it (order date → display id →
 * order id): with the lower priorities, what comes after it in rank order.
 */
function laterInPriority<Q extends ReturnType<Knex>>(
  query: Q,
  after: QueueCursor
): Q {
  return query
    .where("priority", after.priority)
    .whereRaw(`(order_created_at, order_display_id, order_id) > (?, ?, ?)`, [
      new Date(after.order_created_at),
      after.order_display_id,
      after.order_id,
    ]) as Q
}

/**
 * The distinct inventory items that waiting lines are short of, read as a
 * loose index scan over the short-queue index (which leads with the item and
 * has this predicate): one probe per item, where a DISTINCT would read every
 * short line of every queue.
 */
async function shortComponentItems(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(
    `with recursive items(id) as (
       (select c.inventory_item_id from backorder_component c
        where c.waiting and c.missing > 0 and c.deleted_at is null
        order by c.inventory_item_id limit 1)
       union all
       select (select c.inventory_item_id from backorder_component c
               where c.waiting and c.missing > 0 and c.deleted_at is null
                 and c.inventory_item_id > items.id
               order by c.inventory_item_id limit 1)
       from items where items.id is not null
     )
     select id from items where id is not null`
  )
  return rows.map((row: { id: string }) => row.id).sort()
}

function chunk<T>(items: T[], size = CHUNK): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size))
  }
  return chunks
}

/** How `savePlanChanges` settles and commits. */
export type SavePlanOptions = {
  /** Queued changes (the plan's recovery rows) deleted in the same transaction. */
  settle_change_ids?: string[]
  /**
   * Writes the records wait for before committing: the transaction rolls
   * back if they fail. Lets the records' statements run while the plan's
   * reservations are written, committed after them.
   */
  commit_after?: Promise<unknown>
  /**
   * Items whose release goes on in another plan (a release slice): queued
   * again in the same transaction, so a writer dying after it commits does
   * not leave the rest of the release waiting for the sweep.
   */
  requeue_item_ids?: string[]
}

/** Changes to the per-item figures, by inventory item. */
type FigureDeltas = Map<string, { units: number; lines: number }>

function addFigureDeltas(
  deltas: FigureDeltas,
  rows: { inventory_item_id: string; units: number; lines: number }[]
) {
  for (const row of rows) {
    const found = deltas.get(row.inventory_item_id) ?? { units: 0, lines: 0 }
    found.units += Number(row.units)
    found.lines += Number(row.lines)
    deltas.set(row.inventory_item_id, found)
  }
}

const isoOrNull = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString() : null

/**
 * Updates rows with one UPDATE per distinct set of values (a release sets the
 * same status and time on all its backorders), in chunks of ids.
 */
async function updateRows(
  db: Knex,
  table: "backorder" | "backorder_line",
  updates: ({ id: string } & Record<string, unknown>)[]
): Promise<void> {
  const groups = new Map<
    string,
    { values: Record<string, unknown>; ids: string[] }
  >()
  for (const { id, ...fields } of updates) {
    const values = Object.fromEntries(
      Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [
          key,
          key.endsWith("_at") ? toDate(value as string | null) : value,
        ])
    )
    const key = JSON.stringify(values)
    const group = groups.get(key) ?? { values, ids: [] }
    group.ids.push(id)
    groups.set(key, group)
  }
  for (const { values, ids } of groups.values()) {
    for (const part of chunk(ids)) {
      await db(table)
        .whereRaw("id = any(?)", [part])
        .update({ ...values, updated_at: new Date() })
    }
  }
}

/**
 * Stores backorders, their lines, components and audit events. It persists and
 * reads; it never decides who gets stock (that is the planner's job).
 */
class BackorderModuleService extends MedusaService({
  Backorder,
  BackorderLine,
  BackorderComponent,
  BackorderEvent,
  ProductAlternative,
  BackorderSetting,
  BackorderJob,
  BackorderJobItem,
  BackorderChange,
  BackorderSchedule,
  BackorderItemFigure,
  BackorderFulfillmentLock,
  BackorderArrival,
}) {
  protected readonly options_: BackorderModuleOptions
  protected readonly logger_?: Logger

  constructor(container: Record<string, unknown>, options: unknown) {
    super(...arguments)
    this.options_ = parseBackorderOptions(options)
    this.logger_ = container[ContainerRegistrationKeys.LOGGER] as
      Logger | undefined
  }

  /**
   * After every module has loaded (and on every process): option ids that
   * name no existing stock location, shipping option, customer group or
   * sales channel are logged as errors, one per id, naming the option.
   */
  __hooks = {
    onApplicationStart: async () => {
      const logger = this.logger_
      try {
        const lines = await checkOptionReferences(
          () => appContainer.resolve(ContainerRegistrationKeys.QUERY),
          this.options_
        )
        for (const line of lines) {
          logger?.error(line)
        }
      } catch (error) {
        logger?.error(
          `medusa-plugin-backorders: could not check the ids named in the options: ${(error as Error).message}`
        )
      }
    },
  }

  /**
   * The backorders with these ids, in the order asked; a NOT_FOUND naming
   * every unknown id otherwise (so a bulk action never runs on part of a
   * selection).
   */
  @InjectManager()
  async listBackordersOrThrow(
    ids: string[],
    config: FindConfig<BackorderDTO> = {},
    @MedusaContext() sharedContext: Context = {}
  ) {
    const unique = [...new Set(ids)]
    const found = await this.listBackorders(
      { id: unique },
      config,
      sharedContext
    )
    const byId = new Map(found.map((b) => [b.id, b]))
    const missing = unique.filter((id) => !byId.has(id))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Backorder with id: ${missing.join(", ")} was not found`
      )
    }
    return unique.map((id) => byId.get(id)!)
  }

  /**
   * The validated plugin options, with defaults applied (runtime settings not
   * applied: see getSettings). Synchronous on purpose: the parsed options of
   * this process, read by the plugin's own code in-process (never across a
   * module boundary).
   */
  // eslint-disable-next-line @medusajs/service-methods-must-be-async
  getOptions(): BackorderModuleOptions {
    return this.options_
  }

  /**
   * The options in force: the plugin options, overridden by what was saved
   * from the admin (`allocation_policy`, `network_location_ids`,
   * `stuck_after_minutes`). Read from the database each time, so every
   * server and worker process agrees.
   */
  @InjectManager()
  async getSettings(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BackorderModuleOptions> {
    // Every plan starts here: one statement, without the ORM's entity.
    const row:
      | {
          allocation_policy: "fill" | "complete" | null
          network_location_ids: unknown
          stuck_after_minutes: number | null
        }
      | undefined = await transactionalKnex(sharedContext)("backorder_setting")
      .select(
        "allocation_policy",
        "network_location_ids",
        "stuck_after_minutes"
      )
      .whereNull("deleted_at")
      .orderBy("created_at", "asc")
      .first()
    return {
      ...this.options_,
      allocation_policy:
        row?.allocation_policy ?? this.options_.allocation_policy,
      network_location_ids:
        (row?.network_location_ids as string[] | null | undefined) ??
        this.options_.network_location_ids,
      stuck_after_minutes:
        row?.stuck_after_minutes ?? this.options_.stuck_after_minutes,
    }
  }

  /**
   * Saves runtime settings (null resets one to the plugin option). Answers
   * the stored values before the change, for compensation.
   */
  @InjectManager()
  async saveSettings(
    changes: Partial<Record<StoredSettingKey, unknown>>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<StoredSettingKey, unknown>> {
    return await this.saveSettings_(changes, sharedContext)
  }

  @InjectTransactionManager()
  protected async saveSettings_(
    changes: Partial<Record<StoredSettingKey, unknown>>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<StoredSettingKey, unknown>> {
    const [row] = await this.listBackorderSettings(
      {},
      { take: 1, order: { created_at: "ASC" } },
      sharedContext
    )
    const previous = {
      allocation_policy: row?.allocation_policy ?? null,
      network_location_ids: row?.network_location_ids ?? null,
      stuck_after_minutes: row?.stuck_after_minutes ?? null,
    }
    if (row) {
      await this.updateBackorderSettings(
        { id: row.id, ...(changes as object) },
        sharedContext
      )
    } else {
      await this.createBackorderSettings(
        { ...previous, ...(changes as object) },
        sharedContext
      )
    }
    return previous
  }

  /**
   * Stores estimated dates (and their reasons) on backorders and the copy
   * the SKU report reads on their components, in one transaction.
   */
  @InjectManager()
  async saveEstimates(
    updates: EstimateUpdate[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.saveEstimates_(updates, sharedContext)
  }

  @InjectTransactionManager()
  protected async saveEstimates_(
    updates: EstimateUpdate[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!updates.length) {
      return
    }
    await this.updateBackorders(updates, sharedContext)
    // From the values, not from a join: the ORM's update above is flushed
    // with the transaction, after this statement.
    const db = transactionalKnex(sharedContext)
    for (const part of chunk(updates)) {
      await db.raw(
        `update backorder_component c set estimated_at = d.at
           from unnest(?::text[], ?::timestamptz[]) as d(id, at)
          where c.backorder_id = d.id and c.estimated_at is distinct from d.at`,
        [
          part.map((u) => u.id),
          part.map((u) => u.estimated_at?.toISOString() ?? null) as string[],
        ]
      )
    }
  }

  /**
   * Ids of the waiting backorders that need any of the given inventory items
   * (the whole queue: recheck and the sweep's verification read it).
   */
  @InjectManager()
  async listWaitingBackorderIdsByInventoryItem(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const ids = new Set<string>()
    for (const part of chunk([...new Set(inventoryItemIds)])) {
      const rows: { backorder_id: string }[] = await knex("backorder_component")
        .distinct("backorder_id")
        .whereIn("inventory_item_id", part)
        .where("waiting", true)
        .whereNull("deleted_at")
      rows.forEach((row) => ids.add(row.backorder_id))
    }
    return [...ids].sort()
  }

  /**
   * The inventory items connected to the given ones through waiting
   * backorders (an order waiting for A and B links A to B), so a plan for A
   * also sees every order that competes for B. Sorted, including the input.
   */
  @InjectManager()
  async expandInventoryScope(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const scope = new Set(inventoryItemIds)
    let frontier = [...scope]
    for (let round = 0; frontier.length && round < MAX_SCOPE_ROUNDS; round++) {
      const links = await this.listInventoryItemLinks(frontier, sharedContext)
      frontier = [
        ...new Set(links.map(([, b]) => b).filter((id) => !scope.has(id))),
      ]
      frontier.forEach((id) => scope.add(id))
    }
    return [...scope].sort()
  }

  /**
   * Pairs of different inventory items that one waiting backorder needs
   * together, for items among `inventoryItemIds` (chunked): the edges the
   * change queue groups its work by. Reads the queue index: a backorder
   * waiting for one item only costs an index probe.
   */
  @InjectManager()
  async listInventoryItemLinks(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[string, string][]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const pairs: [string, string][] = []
    for (const ids of chunk([...new Set(inventoryItemIds)])) {
      const rows: { a: string; b: string }[] = await knex
        .distinct({ a: "c1.inventory_item_id", b: "c2.inventory_item_id" })
        .from({ c1: "backorder_component" })
        .join(
          { c2: "backorder_component" },
          "c2.backorder_id",
          "c1.backorder_id"
        )
        .whereIn("c1.inventory_item_id", ids)
        .where("c1.waiting", true)
        .where("c1.multi", true)
        .where("c2.waiting", true)
        .whereRaw("c2.inventory_item_id <> c1.inventory_item_id")
        .whereNull("c1.deleted_at")
        .whereNull("c2.deleted_at")
      pairs.push(...rows.map((row): [string, string] => [row.a, row.b]))
    }
    return pairs
  }

  /**
   * Inventory items some waiting backorder needs, limited to `inventoryItemIds`
   * when given (a manual release of everything and a settings change pass
   * none and get them all). One index probe per item given.
   */
  @InjectManager()
  async listWaitingInventoryItemIds(
    inventoryItemIds?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    if (!inventoryItemIds) {
      const rows: { inventory_item_id: string }[] = await knex(
        "backorder_component"
      )
        .distinct("inventory_item_id")
        .where("waiting", true)
        .whereNull("deleted_at")
      return rows.map((row) => row.inventory_item_id).sort()
    }
    const found: string[] = []
    for (const ids of chunk([...new Set(inventoryItemIds)])) {
      const { rows } = await knex.raw(
        `select i.id from unnest(?::text[]) as i(id)
         where exists (select 1 from backorder_component c
           where c.inventory_item_id = i.id and c.waiting and c.deleted_at is null)`,
        [ids]
      )
      found.push(...rows.map((row: { id: string }) => row.id))
    }
    return found.sort()
  }

  /**
   * One keyset page (by id) of the backorders in these statuses — released
   * since `released_since`, when given — as id and order id, read in SQL: the
   * sweep reads every waiting one each time it runs, and building an ORM
   * entity per row cost it seconds at 100,000.
   */
  @InjectManager()
  async listBackorderOrderIdPage(
    filter: { status: BackorderStatusValue[]; released_since?: Date },
    after: string | null,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; order_id: string }[]> {
    const query = (sharedContext.manager as SqlEntityManager)
      .getKnex()("backorder")
      .select("id", "order_id")
      .whereIn("status", filter.status)
      .whereNull("deleted_at")
      .orderBy("id")
      .limit(limit)
    if (filter.released_since) {
      query.where("released_at", ">=", filter.released_since)
    }
    if (after) {
      query.where("id", ">", after)
    }
    return await query
  }

  /**
   * Orders of the waiting backorders whose lines with these line item ids
   * hold units (the components' `waiting` and `holds`, which
   * `syncQueueEntries` keeps): the orders whose coverage a deleted
   * reservation took.
   */
  @InjectManager()
  async listOrderIdsHoldingLines(
    lineItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const found = new Set<string>()
    for (const ids of chunk([...new Set(lineItemIds)])) {
      const rows: { order_id: string }[] = await knex(
        "backorder_component as c"
      )
        .join("backorder_line as l", "l.id", "c.line_id")
        .distinct("c.order_id")
        .whereRaw("l.line_item_id = any(?)", [ids])
        .where("c.waiting", true)
        .where("c.holds", true)
        .whereNull("c.deleted_at")
      rows.forEach((row) => found.add(row.order_id))
    }
    return [...found].sort()
  }

  /**
   * Inventory items some waiting line is still short of (units missing, kit
   * components included): where free stock could go. Not the items waiting
   * orders only hold — an accessory in stock bought with a backordered
   * product has waiting demand and free stock, and nothing for a plan to do.
   * One index probe per item found, however long the queues.
   */
  @InjectManager()
  async listShortInventoryItemIds(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await shortComponentItems(
      (sharedContext.manager as SqlEntityManager).getKnex()
    )
  }

  /**
   * Writes a plan's records in one transaction: new backorders with their
   * lines and components, status / priority / coverage updates and the audit
   * events. Updates and events are written as set-based statements (one per
   * distinct value, not one per row), so releasing thousands of backorders
   * stays a handful of round trips. Returns what it changed so
   * `revertPlanChanges` can undo it.
   */
  @InjectManager()
  async savePlanChanges(
    changes: PlanRecordChanges,
    actor: PlanActor,
    options: SavePlanOptions = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SavedPlanChanges> {
    return await this.savePlanChanges_(changes, actor, options, sharedContext)
  }

  @InjectTransactionManager()
  protected async savePlanChanges_(
    changes: PlanRecordChanges,
    actor: PlanActor,
    options: SavePlanOptions = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SavedPlanChanges> {
    const db = transactionalKnex(sharedContext)
    // The recovery rows the writer queued before touching reservations go in
    // the same transaction as the records: either both land or the rows stay.
    for (const ids of chunk(options.settle_change_ids ?? [])) {
      await db("backorder_change").whereIn("id", ids).delete()
    }
    await insertChanges(
      db,
      (options.requeue_item_ids ?? []).map((id) => ({
        inventory_item_id: id,
        reason: "release-continues",
      }))
    )
    const previousBackorders: SavedPlanChanges["previous_backorders"] = []
    for (const ids of chunk([...new Set(changes.update.map((u) => u.id))])) {
      const rows = await db("backorder")
        .select(
          "id",
          "status",
          "priority",
          "released_at",
          "canceled_at",
          "divided_at",
          "pendingprocess",
          "pendingprocess_at"
        )
        .whereRaw("id = any(?)", [ids])
      previousBackorders.push(
        ...rows.map((b: any) => ({
          id: b.id,
          status: b.status,
          priority: b.priority,
          released_at: isoOrNull(b.released_at),
          canceled_at: isoOrNull(b.canceled_at),
          divided_at: isoOrNull(b.divided_at),
          pendingprocess: b.pendingprocess ?? null,
          pendingprocess_at: isoOrNull(b.pendingprocess_at),
        }))
      )
    }
    const previousLines: SavedPlanChanges["previous_lines"] = []
    for (const ids of chunk(changes.line_updates.map((u) => u.id))) {
      const rows = await db("backorder_line")
        .select("id", "quantity", "quantity_covered", "quantity_released")
        .whereRaw("id = any(?)", [ids])
      previousLines.push(
        ...rows.map((l: any) => ({
          id: l.id,
          quantity: l.quantity,
          quantity_covered: l.quantity_covered,
          quantity_released: l.quantity_released,
        }))
      )
    }
    const deletedLines = changes.line_deletes.length
      ? (
          await this.listBackorderLines(
            { id: changes.line_deletes },
            { relations: ["components"] },
            sharedContext
          )
        ).map((line) => ({
          backorder_id: line.backorder_id,
          ...lineFields(line),
          components: lineComponents(line),
        }))
      : []

    const created = changes.create.length
      ? await this.createBackorders(
          changes.create.map(({ lines, ...backorder }) => ({
            id: newId("bo"),
            ...backorder,
            order_created_at: new Date(backorder.order_created_at),
            backordered_at: new Date(backorder.backordered_at),
            pendingprocess_at: backorder.pendingprocess_at
              ? new Date(backorder.pendingprocess_at)
              : null,
          })),
          sharedContext
        )
      : []
    const backorderIdByOrder = new Map(created.map((b) => [b.order_id, b.id]))
    const createdLineIds = await this.createLinesWithComponents(
      [
        ...changes.create.flatMap((backorder) =>
          backorder.lines.map((line) => ({
            ...line,
            backorder_id: backorderIdByOrder.get(backorder.order_id)!,
          }))
        ),
        ...changes.line_creates,
      ],
      sharedContext
    )
    const removed = await this.figuresOfRemovedRows(
      db,
      "line_id = any(?)",
      changes.line_deletes
    )
    if (changes.line_deletes.length) {
      // Components go with their line (ON DELETE CASCADE).
      await this.deleteBackorderLines(changes.line_deletes, sharedContext)
    }
    if (
      changes.create.length ||
      changes.line_creates.length ||
      changes.line_deletes.length
    ) {
      // The ORM writes on flush; the set-based writes below must see its rows.
      await (sharedContext.transactionManager as SqlEntityManager).flush()
    }
    await updateRows(db, "backorder", changes.update)
    await updateRows(db, "backorder_line", changes.line_updates)

    const now = new Date()
    const events = changes.events.map((event) => ({
      id: newId("boev"),
      backorder_id:
        event.backorder_id ?? backorderIdByOrder.get(event.order_id)!,
      type: event.type,
      data: JSON.stringify(event.data),
      actor_type: actor.type,
      actor_id: actor.id ?? null,
      created_at: now,
      updated_at: now,
    }))
    // One statement per chunk, its columns as arrays (a release writes an
    // event per backorder).
    for (const rows of chunk(events)) {
      await db.raw(
        `insert into backorder_event (id, backorder_id, type, data, actor_type, actor_id, created_at, updated_at)
         select * from unnest(?::text[], ?::text[], ?::text[], ?::jsonb[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.backorder_id),
          rows.map((r) => r.type),
          rows.map((r) => r.data),
          rows.map((r) => r.actor_type),
          rows.map((r) => r.actor_id),
          rows.map((r) => r.created_at.toISOString()),
          rows.map((r) => r.updated_at.toISOString()),
        ] as string[][]
      )
    }
    await this.syncQueueEntries(
      {
        backorder_ids: [
          ...created.map((b) => b.id),
          ...changes.update.map((u) => u.id),
          ...changes.line_creates.map((l) => l.backorder_id),
        ],
        line_ids: changes.line_updates.map((u) => u.id),
        removed,
      },
      sharedContext
    )

    // Written; committed (when this method returns) only once the writes
    // it waits for are done — or rolled back with their failure.
    await options.commit_after
    return {
      created: created.map((b) => ({ id: b.id, order_id: b.order_id })),
      previous_backorders: previousBackorders,
      previous_lines: previousLines,
      created_line_ids: createdLineIds,
      deleted_lines: deletedLines,
      event_ids: events.map((e) => e.id),
    }
  }

  /** Undoes `savePlanChanges` (workflow compensation), in one transaction. */
  @InjectManager()
  async revertPlanChanges(
    saved: SavedPlanChanges,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return await this.revertPlanChanges_(saved, sharedContext)
  }

  @InjectTransactionManager()
  protected async revertPlanChanges_(
    saved: SavedPlanChanges,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const db = transactionalKnex(sharedContext)
    for (const ids of chunk(saved.event_ids)) {
      await db("backorder_event").whereIn("id", ids).delete()
    }
    await updateRows(db, "backorder_line", saved.previous_lines)
    await updateRows(db, "backorder", saved.previous_backorders)
    // What the rows about to go count in the figures comes off: every line
    // the save created (those of new backorders included), once.
    const removed = await this.figuresOfRemovedRows(
      db,
      "line_id = any(?)",
      saved.created_line_ids
    )
    if (saved.created_line_ids.length) {
      await this.deleteBackorderLines(saved.created_line_ids, sharedContext)
    }
    await this.createLinesWithComponents(saved.deleted_lines, sharedContext)
    if (saved.created.length) {
      // Lines, components and events go with them (ON DELETE CASCADE).
      await this.deleteBackorders(
        saved.created.map((b) => b.id),
        sharedContext
      )
    }
    await (sharedContext.transactionManager as SqlEntityManager).flush()
    await this.syncQueueEntries(
      {
        backorder_ids: [
          ...saved.previous_backorders.map((b) => b.id),
          ...saved.deleted_lines.map((l) => l.backorder_id),
        ],
        line_ids: saved.previous_lines.map((l) => l.id),
        removed,
      },
      sharedContext
    )
  }

  /**
   * Copies rank keys, waiting and holding state from backorders and lines to
   * their components (the per-item queue index, DESIGN D9), for the given
   * backorders and lines; every backorder when `all` is set (a repair after
   * rows were written behind the service's back).
   */
  @InjectManager()
  async syncQueueEntries(
    target: {
      backorder_ids?: string[]
      line_ids?: string[]
      /** Figure changes of rows removed before the sync (their lines went). */
      removed?: FigureDeltas
      /** Recompute every item's figures from scratch (a repair). */
      all?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const db = transactionalKnex(sharedContext)
    const deltas: FigureDeltas = new Map(target.removed ?? [])
    const sync = async (where: string, bindings: string[][]) => {
      // The figures change by what each row's shortage was and is now, so
      // a write costs what it touches, never the length of a queue.
      const { rows } = await db.raw(
        `with target as (
           select c.id, c.missing as old_missing, c.kit as old_kit
           from backorder_component c
           join backorder_line l on l.id = c.line_id
           join backorder b on b.id = l.backorder_id
           where true ${where}
           for update of c
         ), updated as (
           update backorder_component c set backorder_id = b.id, order_id = b.order_id,
             waiting = (b.status in ('backorder', 'network_backorder') and b.deleted_at is null and l.deleted_at is null),
             priority = b.priority, order_created_at = b.order_created_at,
             order_display_id = b.order_display_id,
             holds = (l.quantity_covered > l.quantity_released),
             network = (b.status = 'network_backorder' and b.deleted_at is null and l.deleted_at is null),
             missing = case when b.status in ('backorder', 'network_backorder') and b.deleted_at is null and l.deleted_at is null
               then greatest(0, l.quantity - l.quantity_covered) * c.required_quantity else 0 end,
             kit = (select count(*) from backorder_component c2 where c2.line_id = l.id and c2.deleted_at is null) > 1,
             multi = exists (select 1 from backorder_component c3 join backorder_line l3 on l3.id = c3.line_id
               where l3.backorder_id = l.backorder_id and c3.inventory_item_id <> c.inventory_item_id
                 and c3.deleted_at is null and l3.deleted_at is null),
             backordered_at = b.backordered_at, estimated_at = b.estimated_at
           from backorder_line l join backorder b on b.id = l.backorder_id
           where c.line_id = l.id and c.id in (select id from target)
           returning c.id, c.inventory_item_id, c.missing, c.kit
         )
         select u.inventory_item_id,
           sum((case when u.kit then 0 else u.missing end) - (case when t.old_kit then 0 else t.old_missing end))::int as units,
           sum((not u.kit and u.missing > 0)::int - (not t.old_kit and t.old_missing > 0)::int)::int as lines
         from updated u join target t on t.id = u.id
         group by u.inventory_item_id`,
        bindings
      )
      addFigureDeltas(deltas, rows)
    }
    if (target.all) {
      await sync("", [])
      await db.raw(
        `insert into backorder_item_figure (id, inventory_item_id, units_missing, orders_waiting, oldest_waiting_since, updated_at)
         select 'bofig_' || inventory_item_id, inventory_item_id, sum(missing)::int, count(*)::int, min(backordered_at), now()
         from backorder_component where waiting and missing > 0 and not kit and deleted_at is null
         group by inventory_item_id
         on conflict (inventory_item_id) where deleted_at is null do update set
           units_missing = excluded.units_missing, orders_waiting = excluded.orders_waiting,
           oldest_waiting_since = excluded.oldest_waiting_since, updated_at = now()`
      )
      await db.raw(
        `update backorder_item_figure f set units_missing = 0, orders_waiting = 0, oldest_waiting_since = null
         where not exists (select 1 from backorder_component c where c.inventory_item_id = f.inventory_item_id
           and c.waiting and c.missing > 0 and not c.kit and c.deleted_at is null)`
      )
      return
    }
    const backorderIds = [...new Set(target.backorder_ids ?? [])]
    for (const ids of chunk(backorderIds)) {
      await sync("and b.id = any(?)", [ids])
    }
    // Lines of the backorders above are synced already (a release updates
    // both the backorder and its lines).
    for (const ids of chunk([...new Set(target.line_ids ?? [])])) {
      await sync("and l.id = any(?) and b.id <> all(?)", [ids, backorderIds])
    }
    const items = [...deltas.keys()].sort()
    for (const ids of chunk(items)) {
      await db.raw(
        `insert into backorder_item_figure (id, inventory_item_id, units_missing, orders_waiting, oldest_waiting_since, updated_at)
         select 'bofig_' || d.item, d.item, d.units, d.lines,
           (select min(c.backordered_at) from backorder_component c
             where c.inventory_item_id = d.item and c.waiting and c.missing > 0 and not c.kit
               and c.deleted_at is null),
           now()
         from unnest(?::text[], ?::int[], ?::int[]) as d(item, units, lines)
         on conflict (inventory_item_id) where deleted_at is null do update set
           units_missing = backorder_item_figure.units_missing + excluded.units_missing,
           orders_waiting = backorder_item_figure.orders_waiting + excluded.orders_waiting,
           oldest_waiting_since = excluded.oldest_waiting_since, updated_at = now()`,
        [
          ids,
          ids.map((id) => deltas.get(id)!.units),
          ids.map((id) => deltas.get(id)!.lines),
        ]
      )
    }
  }

  /**
   * What rows about to be deleted count in the per-item figures, as changes
   * to take off (`syncQueueEntries` applies them).
   */
  protected async figuresOfRemovedRows(
    db: Knex,
    where: string,
    ids: string[]
  ): Promise<FigureDeltas> {
    const deltas: FigureDeltas = new Map()
    for (const part of chunk(ids)) {
      const { rows } = await db.raw(
        `select inventory_item_id,
           -sum(case when kit then 0 else missing end)::int as units,
           -sum((not kit and missing > 0)::int)::int as lines
         from backorder_component where ${where} and deleted_at is null
         group by inventory_item_id`,
        [part]
      )
      addFigureDeltas(deltas, rows)
    }
    return deltas
  }

  /**
   * Waiting backorders flagged `network_backorder` with a line on one of
   * these items: a plan of the items sees them wherever they rank (the
   * network stock that flag rests on may be gone).
   */
  @InjectManager()
  async listNetworkFlaggedIds(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const ids = new Set<string>()
    for (const part of chunk([...new Set(inventoryItemIds)])) {
      const rows: { backorder_id: string }[] = await knex("backorder_component")
        .distinct("backorder_id")
        .whereIn("inventory_item_id", part)
        .where("waiting", true)
        .where("network", true)
        .whereNull("deleted_at")
      rows.forEach((row) => ids.add(row.backorder_id))
    }
    return [...ids].sort()
  }

  /**
   * Waiting backorders with a line holding units of this item (units a plan
   * gives back and hands on in rank order), ranked after `after` — all of
   * them when it is null. From an index in rank order.
   */
  @InjectManager()
  async listHolderIds(
    inventoryItemId: string,
    after: QueueCursor | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const query = knex("backorder_component")
      .distinct("backorder_id")
      .where("inventory_item_id", inventoryItemId)
      .where("waiting", true)
      .where("holds", true)
      .whereNull("deleted_at")
    if (after) {
      query.where((ranked) =>
        ranked
          .where((same) => laterInPriority(same, after))
          .orWhere("priority", "<", after.priority)
      )
    }
    const rows: { backorder_id: string }[] = await query
    return rows.map((row) => row.backorder_id).sort()
  }

  /**
   * The next `limit` waiting entries of one item's queue in rank order
   * (priority desc → order date → display id → order id), after `after`
   * (keyset: no offset, one index range): the lines that still miss units
   * of the item (a covered line of an order waiting for something else is
   * a holder, see `listHolderIds`). A backorder with two lines on the item
   * appears twice; the caller dedupes.
   */
  @InjectManager()
  async listQueuePage(
    inventoryItemId: string,
    after: QueueCursor | null,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<QueueEntry[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const page = (limitTo: number) =>
      knex("backorder_component")
        .select(
          "backorder_id",
          "order_id",
          "priority",
          "order_created_at",
          "order_display_id"
        )
        .where("inventory_item_id", inventoryItemId)
        .where("waiting", true)
        .where("missing", ">", 0)
        .whereNull("deleted_at")
        .orderBy([
          { column: "priority", order: "desc" },
          { column: "order_created_at", order: "asc" },
          { column: "order_display_id", order: "asc" },
          { column: "order_id", order: "asc" },
        ])
        .limit(limitTo)
    // Keyset on (priority desc, date, display id, order id), as two index
    // ranges: the rest of the cursor's priority, then the lower priorities.
    const rows: any[] = after
      ? await laterInPriority(page(limit), after)
      : await page(limit)
    if (after && rows.length < limit) {
      rows.push(
        ...(await page(limit - rows.length).where(
          "priority",
          "<",
          after.priority
        ))
      )
    }
    return rows.map((row) => ({
      backorder_id: row.backorder_id,
      order_id: row.order_id,
      priority: row.priority,
      order_created_at: new Date(row.order_created_at).toISOString(),
      order_display_id: row.order_display_id,
    }))
  }

  /**
   * The inventory items the SKU report covers: those single-item waiting
   * lines miss (the maintained per-item figures) and those waiting kit lines
   * miss (`kit`: whether a kit line misses it, so its figures need the free
   * stock of the item). One row per item.
   */
  @InjectManager()
  async listShortageItems(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ inventory_item_id: string; kit: boolean }[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const { rows } = await knex.raw(
      `select inventory_item_id, bool_or(kit) as kit from (
         select inventory_item_id, false as kit from backorder_item_figure
          where orders_waiting > 0 and deleted_at is null
         union
         select distinct inventory_item_id, true as kit from backorder_component
          where waiting and missing > 0 and kit and deleted_at is null
       ) items group by inventory_item_id`
    )
    return rows.map((row: { inventory_item_id: string; kit: boolean }) => ({
      inventory_item_id: row.inventory_item_id,
      kit: !!row.kit,
    }))
  }

  /**
   * What the SKU report counts, per item and in SQL (rows per item, never
   * per order): the units single-item waiting lines miss, how many
   * backorders and since when (the maintained per-item figures); and the
   * same for waiting kit lines, each counted only against the components it
   * is short of given `free` (units free per item at the locations automatic
   * release uses) — all of its components when each alone would do (they
   * are never together at one location). So a kit short of boards does not
   * count its bolts in stock.
   */
  @InjectManager()
  async listShortageFigures(
    free: Record<string, number>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ShortageFigures> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const figures = (rows: any[]) =>
      rows.map((row) => ({
        inventory_item_id: row.inventory_item_id,
        units: Number(row.units),
        orders: Number(row.orders),
        oldest: isoOrNull(row.oldest)!,
      }))
    const [singles, kits] = await Promise.all([
      knex.raw(
        `select inventory_item_id, units_missing as units, orders_waiting as orders,
           oldest_waiting_since as oldest
         from backorder_item_figure
         where orders_waiting > 0 and deleted_at is null`
      ),
      knex.raw(
        `with free as (
           select key as inventory_item_id, value::numeric as free
             from jsonb_each_text(?::jsonb)
         ), component as (
           select c.line_id, c.backorder_id, c.inventory_item_id, c.missing,
                  c.backordered_at, coalesce(f.free, 0) < c.missing as short
             from backorder_component c
             left join free f on f.inventory_item_id = c.inventory_item_id
            where c.waiting and c.missing > 0 and c.kit and c.deleted_at is null
         ), line as (
           select line_id, bool_or(short) as any_short from component group by line_id
         )
         select component.inventory_item_id, sum(component.missing) as units,
                count(distinct component.backorder_id) as orders,
                min(component.backordered_at) as oldest
           from component join line using (line_id)
          where component.short or not line.any_short
          group by component.inventory_item_id`,
        [JSON.stringify(free)]
      ),
    ])
    return { singles: figures(singles.rows), kits: figures(kits.rows) }
  }

  /**
   * Per inventory item, when every order still missing it is expected to be
   * released: the latest stored estimate among them, or null when one of them
   * has no date (DESIGN D12). Kit lines count for each item they miss.
   */
  @InjectManager()
  async listShortageDates(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, string | null>> {
    const dates = new Map<string, string | null>()
    if (!inventoryItemIds.length) {
      return dates
    }
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    for (const part of chunk([...new Set(inventoryItemIds)])) {
      // Two probes of the estimates index per item (the copy of each
      // backorder's date on its components), never a scan of the queue.
      const { rows } = await knex.raw(
        `select d.item as inventory_item_id,
           exists (select 1 from backorder_component c
             where c.inventory_item_id = d.item and c.waiting and c.missing > 0
               and c.deleted_at is null and c.estimated_at is null) as undated,
           (select max(c.estimated_at) from backorder_component c
             where c.inventory_item_id = d.item and c.waiting and c.missing > 0
               and c.deleted_at is null) as last
         from unnest(?::text[]) as d(item)`,
        [part]
      )
      for (const row of rows) {
        // Neither an undated nor a dated waiting line: nobody waits for it.
        if (row.undated || row.last) {
          dates.set(
            row.inventory_item_id,
            row.undated ? null : isoOrNull(row.last)
          )
        }
      }
    }
    return dates
  }

  /**
   * One page of backorders in rank order with their lines, and the count of
   * all that match: the admin list at any queue length (the rank index
   * serves the order, the status index the count; SKU and text filters are
   * subqueries, never id lists).
   */
  @InjectManager()
  async listBackorderPage(
    filters: {
      status?: string[]
      order_id?: string[]
      priority?: number[]
      sku?: string
      q?: string
      /** Waiting backorders with covered units not released yet ("Unlock Backorders"). */
      unlockable?: boolean
    },
    page: {
      offset: number
      limit: number
      after?: QueueCursor & { id: string }
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ backorders: BackorderPageRow[]; count: number }> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const where = (query: any) => {
      query.whereNull("b.deleted_at")
      if (filters.status?.length) {
        query.whereIn("b.status", filters.status)
      }
      if (filters.order_id?.length) {
        query.whereIn("b.order_id", filters.order_id)
      }
      if (filters.priority?.length) {
        query.whereIn("b.priority", filters.priority)
      }
      if (filters.unlockable) {
        query
          .whereIn("b.status", WAITING_STATUSES)
          .whereExists(
            knex("backorder_component as c")
              .whereRaw("c.backorder_id = b.id")
              .where("c.waiting", true)
              .where("c.holds", true)
              .whereNull("c.deleted_at")
          )
      }
      if (filters.sku) {
        query.whereExists(
          knex("backorder_line as l")
            .whereRaw("l.backorder_id = b.id")
            .where("l.sku", filters.sku)
            .whereNull("l.deleted_at")
        )
      }
      if (filters.q) {
        const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        const displayId = Number(filters.q.replace(/^#/, ""))
        query.where((or: any) => {
          or.where("b.email", "ilike", pattern).orWhereExists(
            knex("backorder_line as l")
              .whereRaw("l.backorder_id = b.id")
              .whereNull("l.deleted_at")
              .where((text: any) =>
                text
                  .where("l.sku", "ilike", pattern)
                  .orWhere("l.title", "ilike", pattern)
              )
          )
          if (Number.isInteger(displayId) && displayId > 0) {
            or.orWhere("b.order_display_id", displayId)
          }
        })
      }
      return query
    }
    const [rows, [{ count }]] = await Promise.all([
      where(knex({ b: "backorder" }).select("b.*"))
        .modify((query: any) => {
          const after = page.after
          if (after) {
            // Keyset: after the cursor in (priority desc, date, display id, id).
            query.where((next: any) =>
              next
                .where("b.priority", "<", after.priority)
                .orWhere((same: any) =>
                  same
                    .where("b.priority", after.priority)
                    .whereRaw(
                      "(b.order_created_at, b.order_display_id, b.id) > (?, ?, ?)",
                      [
                        new Date(after.order_created_at),
                        after.order_display_id,
                        after.id,
                      ]
                    )
                )
            )
          }
        })
        .orderBy([
          { column: "b.priority", order: "desc" },
          { column: "b.order_created_at", order: "asc" },
          { column: "b.order_display_id", order: "asc" },
          { column: "b.id", order: "asc" },
        ])
        .offset(page.after ? 0 : page.offset)
        .limit(page.limit),
      where(knex({ b: "backorder" }).count({ count: "*" })),
    ])
    const lines = rows.length
      ? await knex("backorder_line")
          .select(...LINE_COLUMNS)
          .whereIn(
            "backorder_id",
            rows.map((row: { id: string }) => row.id)
          )
          .whereNull("deleted_at")
      : []
    const byBackorder = groupRows(
      lines as any[],
      (line) => line.backorder_id,
      (line) => line
    )
    return {
      backorders: rows.map((row: any) => ({
        ...row,
        lines: byBackorder.get(row.id) ?? [],
      })),
      count: Number(count),
    }
  }

  /**
   * Stored backorders with their lines and components, for planning (three
   * queries per thousand ids, no ORM hydration).
   */
  @InjectManager()
  async listBackordersForPlan(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PlanBackorderRow[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const result: PlanBackorderRow[] = []
    for (const part of chunk([...new Set(ids)])) {
      const [backorders, lines, components] = await Promise.all([
        knex("backorder")
          .select(
            "id",
            "order_id",
            "status",
            "priority",
            "order_created_at",
            "order_display_id",
            "backordered_at",
            "sales_channel_id",
            "divided_at",
            "pendingprocess",
            "pendingprocess_at"
          )
          .whereRaw("id = any(?)", [part])
          .whereNull("deleted_at"),
        knex("backorder_line")
          .select(...LINE_COLUMNS)
          .whereRaw("backorder_id = any(?)", [part])
          .whereNull("deleted_at"),
        knex("backorder_component")
          .select(
            "line_id",
            "backorder_id",
            "inventory_item_id",
            "required_quantity"
          )
          .whereRaw("backorder_id = any(?)", [part])
          .whereNull("deleted_at"),
      ])
      const componentsByLine = groupRows(
        components as any[],
        (c) => c.line_id,
        (c): PlanBackorderRow["lines"][number]["components"][number] => ({
          inventory_item_id: c.inventory_item_id,
          required_quantity: c.required_quantity,
        })
      )
      const linesByBackorder = groupRows(
        lines as any[],
        (l) => l.backorder_id,
        (l): PlanBackorderRow["lines"][number] => ({
          ...l,
          components: componentsByLine.get(l.id) ?? [],
        })
      )
      result.push(
        ...backorders.map((b: any) => ({
          ...b,
          lines: linesByBackorder.get(b.id) ?? [],
        }))
      )
    }
    return result
  }

  /**
   * Records triggers in the change queue. A trigger equal to one that is
   * already queued, unclaimed and never attempted is absorbed by it (the
   * drain will read the newest state anyway). `delay_seconds` makes the rows
   * available later (recovery rows a writer leaves before it writes).
   * Answers the ids of the rows written.
   */
  @InjectManager()
  async enqueueChanges(
    changes: ChangeInput[],
    options: { delay_seconds?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return insertChanges(
      (sharedContext.manager as SqlEntityManager).getKnex(),
      changes,
      options.delay_seconds
    )
  }

  /**
   * Claims up to `limit` available rows for `owner` for `lease_seconds`
   * (rows whose claim lapsed — a dead worker's — are available again), oldest
   * first, counting an attempt on each. Concurrent claimers never get the
   * same row (FOR UPDATE SKIP LOCKED).
   */
  @InjectManager()
  async claimChanges(
    owner: string,
    limit: number,
    leaseSeconds: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedChange[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const { rows } = await knex.raw(
      `update backorder_change set claimed_by = ?, claimed_until = now() + make_interval(secs => ?),
         attempts = attempts + 1, updated_at = now()
       where id in (
         select id from backorder_change
         where deleted_at is null and available_at <= now()
           and (claimed_until is null or claimed_until < now())
         order by available_at, id
         limit ?
         for update skip locked
       )
       returning id, inventory_item_id, order_id, job_id, reason, attempts, created_at`,
      [owner, leaseSeconds, limit]
    )
    return rows.map((row: any) => ({
      ...row,
      created_at: new Date(row.created_at).toISOString(),
    }))
  }

  /**
   * Extends `owner`'s claim on the rows; answers how many it still held. The
   * writer's fence: fewer than asked means the claim lapsed and another
   * process may be working on them, so the writer must not write.
   */
  @InjectManager()
  async extendChangeClaims(
    ids: string[],
    owner: string,
    leaseSeconds: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    let held = 0
    for (const part of chunk([...new Set(ids)])) {
      held += await knex("backorder_change")
        .whereIn("id", part)
        .where("claimed_by", owner)
        .where("claimed_until", ">", knex.fn.now())
        .update({
          claimed_until: knex.raw("now() + make_interval(secs => ?)", [
            leaseSeconds,
          ]),
          updated_at: knex.fn.now(),
        })
    }
    return held
  }

  /** Deletes handled rows that `owner` still holds. */
  @InjectManager()
  async completeChanges(
    ids: string[],
    owner: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    let deleted = 0
    for (const part of chunk([...new Set(ids)])) {
      deleted += await knex("backorder_change")
        .whereIn("id", part)
        .where("claimed_by", owner)
        .delete()
    }
    return deleted
  }

  /** Deletes unclaimed rows by id (recovery rows of a plan that undid its writes). */
  @InjectManager()
  async discardChanges(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    for (const part of chunk([...new Set(ids)])) {
      await knex("backorder_change")
        .whereIn("id", part)
        .whereNull("claimed_by")
        .delete()
    }
  }

  /**
   * Gives rows back unhandled: available again after `retry_in_seconds`,
   * with the error that stopped them.
   */
  @InjectManager()
  async releaseChanges(
    ids: string[],
    owner: string,
    failure: { error: string; retry_in_seconds: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    for (const part of chunk([...new Set(ids)])) {
      await knex("backorder_change")
        .whereIn("id", part)
        .where("claimed_by", owner)
        .update({
          claimed_by: null,
          claimed_until: null,
          available_at: knex.raw("now() + make_interval(secs => ?)", [
            Math.max(0, failure.retry_in_seconds),
          ]),
          last_error: failure.error.slice(0, 2000),
          updated_at: knex.fn.now(),
        })
    }
  }

  /** Depth, age and failures of the change queue (counted in SQL). */
  @InjectManager()
  async getChangeQueueStats(
    failingLimit = 20,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ChangeQueueStats> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const {
      rows: [stats],
    } = await knex.raw(
      `select count(*)::int as depth,
         count(*) filter (where claimed_until >= now())::int as in_progress,
         count(*) filter (where last_error is not null)::int as failing,
         min(created_at) as oldest_at
       from backorder_change where deleted_at is null`
    )
    const failing = await knex("backorder_change")
      .select(
        "id",
        "inventory_item_id",
        "order_id",
        "job_id",
        "reason",
        "attempts",
        "last_error",
        "available_at",
        "created_at"
      )
      .whereNull("deleted_at")
      .whereNotNull("last_error")
      .orderBy("created_at", "asc")
      .limit(failingLimit)
    return {
      depth: stats.depth,
      in_progress: stats.in_progress,
      failing: stats.failing,
      oldest_at: isoOrNull(stats.oldest_at),
      failing_changes: failing.map((row: any) => ({
        ...row,
        available_at: isoOrNull(row.available_at)!,
        created_at: isoOrNull(row.created_at)!,
      })),
    }
  }

  /**
   * Claims the run of a scheduled task due at `dueAt`: true for exactly one
   * caller per due time (the one that moves `ran_at` past it), false for the
   * others and when it already ran.
   */
  @InjectManager()
  async claimScheduledRun(
    name: string,
    dueAt: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const { rows } = await knex.raw(
      `insert into backorder_schedule (id, name, ran_at) values (?, ?, now())
       on conflict (name) where deleted_at is null
       do update set ran_at = now(), updated_at = now()
       where backorder_schedule.ran_at < ?
       returning id`,
      [newId("bosch"), name, dueAt]
    )
    return rows.length > 0
  }

  /**
   * Takes the order's fulfilment lock for `owner` (a fulfilment workflow's
   * transaction) for `leaseSeconds`: true when it now holds it — it was free,
   * its holder's lease ran out (a process that died mid-fulfilment), or
   * `owner` held it already. One statement, so concurrent takers never both
   * win.
   */
  @InjectManager()
  async acquireFulfillmentLock(
    orderId: string,
    owner: string,
    leaseSeconds: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const { rows } = await knex.raw(
      `insert into backorder_fulfillment_lock (id, order_id, owner, expires_at)
       values (?, ?, ?, now() + make_interval(secs => ?))
       on conflict (order_id) where deleted_at is null
       do update set owner = excluded.owner, expires_at = excluded.expires_at, updated_at = now()
       where backorder_fulfillment_lock.expires_at < now()
          or backorder_fulfillment_lock.owner = excluded.owner
       returning id`,
      [newId("bofl"), orderId, owner, leaseSeconds]
    )
    return rows.length > 0
  }

  /** Who holds the order's fulfilment lock, and until when (null when free). */
  @InjectManager()
  async getFulfillmentLock(
    orderId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ owner: string; expires_at: string } | null> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const row = await knex("backorder_fulfillment_lock")
      .select("owner", "expires_at")
      .where({ order_id: orderId })
      .whereNull("deleted_at")
      .where("expires_at", ">=", knex.fn.now())
      .first()
    return row
      ? { owner: row.owner, expires_at: isoOrNull(row.expires_at)! }
      : null
  }

  /** Gives the order's fulfilment lock back if `owner` still holds it. */
  @InjectManager()
  async releaseFulfillmentLock(
    orderId: string,
    owner: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const deleted = await knex("backorder_fulfillment_lock")
      .where({ order_id: orderId, owner })
      .delete()
    return deleted > 0
  }

  /** Creates lines and their components; answers the new line ids. */
  @InjectTransactionManager()
  protected async createLinesWithComponents(
    lines: (BackorderLineRecord & { backorder_id: string })[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!lines.length) {
      return []
    }
    const created = await this.createBackorderLines(
      lines.map(({ components, ...line }) => ({ id: newId("bol"), ...line })),
      sharedContext
    )
    const lineIdByItem = new Map(
      created.map((line) => [line.line_item_id, line.id])
    )
    const components = lines.flatMap((line) =>
      line.components.map((component) => ({
        id: newId("boc"),
        ...component,
        line_id: lineIdByItem.get(line.line_item_id)!,
      }))
    )
    if (components.length) {
      await this.createBackorderComponents(components, sharedContext)
    }
    return created.map((line) => line.id)
  }

  /**
   * How many waiting backorders have covered units not released yet while
   * others wait: the ones a merchant can divide ("Unlock Backorders"). Read
   * from the index of holding components by backorder, one entry per
   * holding component: it grows with the units held, never with past
   * releases.
   */
  @InjectManager()
  async countUnlockable(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const {
      rows: [row],
    } = await knex.raw(
      `select count(*)::int as count from (
         select distinct backorder_id from backorder_component
         where waiting and holds and deleted_at is null and backorder_id is not null
       ) holding`
    )
    return row.count
  }

  /**
   * Backorders whose pending process has not moved since `before`. Waiting
   * for the merchant's decision (network_backorder_process) is not stuck.
   */
  @InjectManager()
  async listStuckBackorders(
    before: Date,
    limit = 100,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<
    {
      id: string
      order_id: string
      order_display_id: number
      status: string
      pendingprocess: string
      pendingprocess_at: string
    }[]
  > {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const rows: any[] = await knex("backorder")
      .select(
        "id",
        "order_id",
        "order_display_id",
        "status",
        "pendingprocess",
        "pendingprocess_at"
      )
      .whereIn("status", WAITING_STATUSES)
      .whereNotNull("pendingprocess")
      .whereNot("pendingprocess", "network_backorder_process")
      .where("pendingprocess_at", "<", before)
      .whereNull("deleted_at")
      .orderBy("pendingprocess_at", "asc")
      .limit(limit)
    return rows.map((row) => ({
      ...row,
      pendingprocess_at: new Date(row.pendingprocess_at).toISOString(),
    }))
  }

  /** How many backorders and jobs are stuck (for the summary). */
  @InjectManager()
  async countStuck(
    before: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const [jobs] = (await knex("backorder_job")
      .count({ count: "*" })
      .whereNull("deleted_at")
      .where((query) =>
        query
          .where("status", "stuck")
          .orWhere((active) =>
            active
              .whereIn("status", ["queued", "running"])
              .where("heartbeat_at", "<", before)
          )
      )) as { count: string }[]
    const [backorders] = (await knex("backorder")
      .count({ count: "*" })
      .whereIn("status", WAITING_STATUSES)
      .whereNotNull("pendingprocess")
      .whereNot("pendingprocess", "network_backorder_process")
      .where("pendingprocess_at", "<", before)
      .whereNull("deleted_at")) as { count: string }[]
    return Number(backorders?.count ?? 0) + Number(jobs?.count ?? 0)
  }

  /**
   * Backorders (among `ids`, or all) that an unfinished job still has to
   * process: their `network_divide_process` marker is held.
   */
  @InjectManager()
  async listBackordersHeldByJobs(
    ids?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const query = knex({ i: "backorder_job_item" })
      .distinct("i.backorder_id")
      .join({ j: "backorder_job" }, "j.id", "i.job_id")
      .where("i.state", "pending")
      .whereIn("j.status", ["queued", "running"])
      .whereNull("i.deleted_at")
      .whereNull("j.deleted_at")
    if (ids) {
      query.whereRaw("i.backorder_id = any(?)", [ids])
    }
    const rows: { backorder_id: string }[] = await query
    return rows.map((row) => row.backorder_id)
  }

  /**
   * The progress of a job from its items: how many are processed and failed.
   */
  @InjectManager()
  async countJobItems(
    jobId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ total: number; processed: number; failed: number }> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const {
      rows: [row],
    } = await knex.raw(
      `select count(*)::int as total,
         count(*) filter (where state <> 'pending')::int as processed,
         count(*) filter (where state = 'failed')::int as failed
       from backorder_job_item where job_id = ? and deleted_at is null`,
      [jobId]
    )
    return row
  }

  /**
   * Marks jobs whose heartbeat is older than `before` as stuck; answers them
   * with their previous status (for compensation).
   */
  @InjectManager()
  async markStuckJobs(
    before: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; status: string }[]> {
    return await this.markStuckJobs_(before, sharedContext)
  }

  @InjectTransactionManager()
  protected async markStuckJobs_(
    before: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; status: string }[]> {
    const db = transactionalKnex(sharedContext)
    const rows: { id: string; status: string }[] = await db("backorder_job")
      .select("id", "status")
      .whereIn("status", ["queued", "running"])
      .where("heartbeat_at", "<", before)
      .whereNull("deleted_at")
    if (rows.length) {
      await db("backorder_job")
        .whereIn(
          "id",
          rows.map((row) => row.id)
        )
        .update({ status: "stuck", updated_at: new Date() })
    }
    return rows
  }

  /**
   * Backorder counts per status, summed from the tally PostgreSQL keeps as
   * backorders are written (migration 20261201104500): a few rows, however
   * many backorders were ever released or canceled.
   */
  @InjectManager()
  async countByStatus(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const { rows }: { rows: { status: string; count: number }[] } =
      await knex.raw(
        `select status, sum(backorders)::int as count from backorder_status_tally
         group by status having sum(backorders) <> 0`
      )
    return Object.fromEntries(rows.map((row) => [row.status, row.count]))
  }

  /**
   * Folds the status tally's rows (one per write statement since the last
   * fold) into one per status, in one statement: rows that writers commit
   * meanwhile are not in its snapshot and stay for the next fold. Safe to
   * run from every worker at once; does nothing while there are no more rows
   * than statuses.
   */
  @InjectManager()
  async compactStatusTally(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    await knex.raw(
      `with folded as (
         delete from backorder_status_tally
         where (select count(*) > count(distinct status) from backorder_status_tally)
         returning status, backorders
       )
       insert into backorder_status_tally (status, backorders)
       select status, sum(backorders)::int from folded
       group by status having sum(backorders) <> 0`
    )
  }
}

export default BackorderModuleService

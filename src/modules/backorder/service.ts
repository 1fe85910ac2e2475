import type {
  Context,
  FindConfig,
  InferEntityType,
} from "@medusajs/framework/types"
import {
  generateEntityId,
  MedusaError,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import Backorder from "./models/backorder"
import BackorderComponent from "./models/backorder-component"
import BackorderEvent from "./models/backorder-event"
import BackorderLine from "./models/backorder-line"
import BackorderJob from "./models/backorder-job"
import BackorderSetting from "./models/backorder-setting"
import ProductAlternative from "./models/product-alternative"
import { type BackorderModuleOptions, parseBackorderOptions } from "./options"
import type {
  BackorderLineRecord,
  PlanActor,
  PlanRecordChanges,
  SavedPlanChanges,
} from "../../types/backorder"
import { WAITING_STATUSES } from "./status"

type BackorderDTO = InferEntityType<typeof Backorder>

/** The settings an admin can change at runtime (the rest are plugin options). */
export type StoredSettingKey =
  "allocation_policy" | "network_location_ids" | "stuck_after_minutes"

/** Upper bound on scope expansion rounds; each round is one query. */
const MAX_SCOPE_ROUNDS = 25

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value)

type Knex = ReturnType<SqlEntityManager["getKnex"]>

/** The knex of the current transaction (so set-based writes share it with the ORM's). */
const transactionalKnex = (sharedContext: Context): Knex => {
  const manager = (sharedContext.transactionManager ??
    sharedContext.manager) as SqlEntityManager
  return (manager.getTransactionContext() ?? manager.getKnex()) as Knex
}

function chunk<T>(items: T[], size = 1000): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size))
  }
  return chunks
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
        .whereIn("id", part)
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
}) {
  protected readonly options_: BackorderModuleOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseBackorderOptions(options)
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

  /** The validated plugin options, with defaults applied. */
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
    const [row] = await this.listBackorderSettings(
      {},
      { take: 1, order: { created_at: "ASC" } },
      sharedContext
    )
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
  @InjectTransactionManager()
  async saveSettings(
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
   * Ids of the waiting backorders that need any of the given inventory items.
   */
  @InjectManager()
  async listWaitingBackorderIdsByInventoryItem(
    inventoryItemIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!inventoryItemIds.length) {
      return []
    }
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const rows: { id: string }[] = await knex
      .distinct("b.id")
      .from({ c: "backorder_component" })
      .join({ l: "backorder_line" }, "l.id", "c.line_id")
      .join({ b: "backorder" }, "b.id", "l.backorder_id")
      .whereIn("c.inventory_item_id", inventoryItemIds)
      .whereIn("b.status", WAITING_STATUSES)
      .whereNull("c.deleted_at")
      .whereNull("l.deleted_at")
      .whereNull("b.deleted_at")
    return rows.map((row) => row.id).sort()
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
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const scope = new Set(inventoryItemIds)
    let frontier = [...scope]
    for (let round = 0; frontier.length && round < MAX_SCOPE_ROUNDS; round++) {
      const rows: { inventory_item_id: string }[] = await knex
        .distinct("c2.inventory_item_id")
        .from({ c1: "backorder_component" })
        .join({ l1: "backorder_line" }, "l1.id", "c1.line_id")
        .join({ b: "backorder" }, "b.id", "l1.backorder_id")
        .join({ l2: "backorder_line" }, "l2.backorder_id", "b.id")
        .join({ c2: "backorder_component" }, "c2.line_id", "l2.id")
        .whereIn("c1.inventory_item_id", frontier)
        .whereIn("b.status", WAITING_STATUSES)
        .whereNull("c1.deleted_at")
        .whereNull("l1.deleted_at")
        .whereNull("b.deleted_at")
        .whereNull("l2.deleted_at")
        .whereNull("c2.deleted_at")
      frontier = rows
        .map((row) => row.inventory_item_id)
        .filter((id) => !scope.has(id))
      frontier.forEach((id) => scope.add(id))
    }
    return [...scope].sort()
  }

  /**
   * Inventory items some waiting backorder needs, limited to `inventoryItemIds`
   * when given (the sweep passes none and gets them all).
   */
  @InjectManager()
  async listWaitingInventoryItemIds(
    inventoryItemIds?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (inventoryItemIds && !inventoryItemIds.length) {
      return []
    }
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const query = knex
      .distinct("c.inventory_item_id")
      .from({ c: "backorder_component" })
      .join({ l: "backorder_line" }, "l.id", "c.line_id")
      .join({ b: "backorder" }, "b.id", "l.backorder_id")
      .whereIn("b.status", WAITING_STATUSES)
      .whereNull("c.deleted_at")
      .whereNull("l.deleted_at")
      .whereNull("b.deleted_at")
    if (inventoryItemIds) {
      query.whereIn("c.inventory_item_id", inventoryItemIds)
    }
    const rows: { inventory_item_id: string }[] = await query
    return rows.map((row) => row.inventory_item_id).sort()
  }

  /**
   * Writes a plan's records in one transaction: new backorders with their
   * lines and components, status / priority / coverage updates and the audit
   * events. Updates and events are written as set-based statements (one per
   * distinct value, not one per row), so releasing thousands of backorders
   * stays a handful of round trips. Returns what it changed so
   * `revertPlanChanges` can undo it.
   */
  @InjectTransactionManager()
  async savePlanChanges(
    changes: PlanRecordChanges,
    actor: PlanActor,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SavedPlanChanges> {
    const db = transactionalKnex(sharedContext)
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
        .whereIn("id", ids)
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
        .whereIn("id", ids)
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
          line_item_id: line.line_item_id,
          variant_id: line.variant_id ?? null,
          sku: line.sku ?? null,
          title: line.title,
          quantity: line.quantity,
          quantity_covered: line.quantity_covered,
          quantity_released: line.quantity_released,
          components: line.components.map((c) => ({
            inventory_item_id: c.inventory_item_id,
            required_quantity: c.required_quantity,
          })),
        }))
      : []

    const created = changes.create.length
      ? await this.createBackorders(
          changes.create.map(({ lines, ...backorder }) => ({
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
      id: generateEntityId(undefined, "boev"),
      backorder_id:
        event.backorder_id ?? backorderIdByOrder.get(event.order_id)!,
      type: event.type,
      data: JSON.stringify(event.data),
      actor_type: actor.type,
      actor_id: actor.id ?? null,
      created_at: now,
      updated_at: now,
    }))
    for (const rows of chunk(events, 500)) {
      await db("backorder_event").insert(rows)
    }

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
  @InjectTransactionManager()
  async revertPlanChanges(
    saved: SavedPlanChanges,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const db = transactionalKnex(sharedContext)
    for (const ids of chunk(saved.event_ids)) {
      await db("backorder_event").whereIn("id", ids).delete()
    }
    await updateRows(db, "backorder_line", saved.previous_lines)
    await updateRows(db, "backorder", saved.previous_backorders)
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
  }

  /** Creates lines and their components; answers the new line ids. */
  protected async createLinesWithComponents(
    lines: (BackorderLineRecord & { backorder_id: string })[],
    sharedContext: Context
  ): Promise<string[]> {
    if (!lines.length) {
      return []
    }
    const created = await this.createBackorderLines(
      lines.map(({ components, ...line }) => line),
      sharedContext
    )
    const lineIdByItem = new Map(
      created.map((line) => [line.line_item_id, line.id])
    )
    const components = lines.flatMap((line) =>
      line.components.map((component) => ({
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
   * Waiting backorders with some units covered and not yet released while
   * others wait: the ones a merchant can divide ("Unlock Backorders").
   */
  @InjectManager()
  async listUnlockableBackorderIds(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const rows: { id: string }[] = await knex
      .distinct("b.id")
      .from({ b: "backorder" })
      .join({ l: "backorder_line" }, "l.backorder_id", "b.id")
      .whereIn("b.status", WAITING_STATUSES)
      .whereNull("b.deleted_at")
      .whereNull("l.deleted_at")
      .where("l.quantity_covered", ">", knex.ref("l.quantity_released"))
    return rows.map((row) => row.id)
  }

  /** How many backorders `listUnlockableBackorderIds` would answer. */
  @InjectManager()
  async countUnlockable(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return (await this.listUnlockableBackorderIds(sharedContext)).length
  }

  /**
   * Backorders whose pending process has not moved since `before`. Waiting
   * for the merchant's decision (network_backorder_process) is not stuck.
   */
  @InjectManager()
  async listStuckBackorders(
    before: Date,
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
    return (
      (await this.listStuckBackorders(before, sharedContext)).length +
      Number(jobs?.count ?? 0)
    )
  }

  /**
   * Marks jobs whose heartbeat is older than `before` as stuck; answers them
   * with their previous status (for compensation).
   */
  @InjectTransactionManager()
  async markStuckJobs(
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

  /** Backorder counts per status, read from the status index. */
  @InjectManager()
  async countByStatus(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    const knex = (sharedContext.manager as SqlEntityManager).getKnex()
    const rows: { status: string; count: string }[] = await knex("backorder")
      .select("status")
      .count({ count: "*" })
      .whereNull("deleted_at")
      .groupBy("status")
    return Object.fromEntries(
      rows.map((row) => [row.status, Number(row.count)])
    )
  }
}

export default BackorderModuleService

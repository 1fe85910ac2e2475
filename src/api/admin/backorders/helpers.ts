import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  STATUS_CODES,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { BackorderPageRow } from "../../../types/backorder"
import type {
  AdminBackorder,
  AdminBackorderBulkResponse,
  AdminBackorderEvent,
  AdminBackorderResponse,
} from "../../../types"
import {
  backorderRunContext,
  divideBackordersWorkflow,
  explainBackorderWorkflow,
} from "../../../workflows"
import { iso } from "../../../utils/iso"
import { lineFields } from "../../../modules/backorder/line-fields"

type StoredBackorder = Awaited<
  ReturnType<BackorderModuleService["listBackorders"]>
>[number]

type ListCursor = {
  priority: number
  order_created_at: string
  order_display_id: number
  order_id: string
  id: string
}

/** An opaque keyset cursor for the admin list (its rank keys, base64url). */
export const encodeCursor = (cursor: ListCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString("base64url")

/** The cursor of the page after `rows` (a full page of `limit`), or null at the end. */
export function nextCursor(
  rows: BackorderPageRow[],
  limit: number
): string | null {
  const last = rows[rows.length - 1]
  return last && rows.length === limit
    ? encodeCursor({
        priority: last.priority,
        order_created_at: new Date(last.order_created_at).toISOString(),
        order_display_id: last.order_display_id,
        order_id: last.order_id,
        id: last.id,
      })
    : null
}

/** The rank keys of a cursor; a 400 naming `after` when it is not one of ours. */
export function decodeCursor(value: string): ListCursor {
  try {
    const cursor = JSON.parse(Buffer.from(value, "base64url").toString())
    // What PostgreSQL can compare with the rank columns (integers, a
    // timestamp of our era, text without control characters): anything else
    // was not made by us and would fail in the database.
    const int = (n: unknown) =>
      Number.isInteger(n) && Math.abs(n as number) < 2 ** 31
    const year = new Date(cursor.order_created_at).getUTCFullYear()
    if (
      int(cursor.priority) &&
      int(cursor.order_display_id) &&
      typeof cursor.order_created_at === "string" &&
      year >= 1970 &&
      year <= 9999 &&
      typeof cursor.id === "string" &&
      cursor.id.length <= 200 &&
      !/[\u0000-\u001f\u007f]/.test(cursor.id)
    ) {
      return cursor
    }
  } catch {
    // answered below
  }
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `after must be the next_cursor of a previous page; "${value.slice(0, 40)}" is not`
  )
}

/** The API shape of a stored backorder (rank keys, ShipEdge code, per-line coverage). */
export function serializeBackorder(
  backorder: StoredBackorder | BackorderPageRow
): AdminBackorder {
  return {
    id: backorder.id,
    order_id: backorder.order_id,
    display_id: backorder.order_display_id,
    status: backorder.status,
    status_code: STATUS_CODES[backorder.status],
    priority: backorder.priority,
    pendingprocess: backorder.pendingprocess ?? null,
    pendingprocess_at: iso(backorder.pendingprocess_at),
    sales_channel_id: backorder.sales_channel_id ?? null,
    email: backorder.email ?? null,
    order_created_at: iso(backorder.order_created_at)!,
    backordered_at: iso(backorder.backordered_at)!,
    released_at: iso(backorder.released_at),
    canceled_at: iso(backorder.canceled_at),
    ...((WAITING_STATUSES as string[]).includes(backorder.status)
      ? {
          estimated_at: iso(backorder.estimated_at),
          estimate_reason: backorder.estimate_reason ?? null,
        }
      : { estimated_at: null, estimate_reason: null }),
    lines: [...(backorder.lines ?? [])]
      .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1))
      .map((line) => ({
        ...lineFields(line),
        quantity_backordered: line.quantity - line.quantity_covered,
      })),
  }
}

export function serializeEvent(event: {
  id: string
  type: string
  actor_type: string
  actor_id?: string | null
  data?: Record<string, unknown> | null
  created_at: Date | string
}): AdminBackorderEvent {
  return {
    id: event.id,
    type: event.type,
    actor_type: event.actor_type,
    actor_id: event.actor_id ?? null,
    data: event.data ?? null,
    created_at: iso(event.created_at)!,
  }
}

/** One backorder with its lines; Medusa's NOT_FOUND (404, naming the id) when there is none. */
export const retrieveBackorderWithLines = (
  scope: MedusaContainer,
  id: string
): Promise<StoredBackorder> =>
  scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .retrieveBackorder(id, { relations: ["lines"] })

/** The detail of a backorder: its lines, audit events (oldest first) and the planner's explanation. */
export async function backorderDetail(
  scope: MedusaContainer,
  id: string
): Promise<AdminBackorderResponse["backorder"]> {
  const backorder = await retrieveBackorderWithLines(scope, id)
  const [events, { result: explanation }] = await Promise.all([
    scope
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackorderEvents(
        { backorder_id: backorder.id },
        { order: { created_at: "ASC", id: "ASC" } }
      ),
    explainBackorderWorkflow(scope).run({ input: { id: backorder.id } }),
  ])
  return {
    ...serializeBackorder(backorder),
    events: events.map(serializeEvent),
    explanation,
  }
}

/** Runs Divide or Send what's available for a validated selection, as the acting user. */
export async function runDivide(
  req: AuthenticatedMedusaRequest<{ backorder_ids: string[] }>,
  mode: "divide" | "send_available"
): Promise<AdminBackorderBulkResponse> {
  const { result } = await divideBackordersWorkflow(req.scope).run({
    input: {
      backorder_ids: req.validatedBody.backorder_ids,
      mode,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  return { results: result.results }
}

import type { MedusaContainer } from "@medusajs/framework/types"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  STATUS_CODES,
} from "../../../modules/backorder"
import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
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

type StoredBackorder = Awaited<
  ReturnType<BackorderModuleService["listBackorders"]>
>[number]

export const RANK_ORDER = {
  priority: "DESC",
  order_created_at: "ASC",
  order_display_id: "ASC",
  id: "ASC",
} as const

const iso = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString() : null

/** The API shape of a stored backorder (rank keys, ShipEdge code, per-line coverage). */
export function serializeBackorder(backorder: StoredBackorder): AdminBackorder {
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
    lines: [...(backorder.lines ?? [])]
      .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1))
      .map((line) => ({
        line_item_id: line.line_item_id,
        variant_id: line.variant_id ?? null,
        sku: line.sku ?? null,
        title: line.title,
        quantity: line.quantity,
        quantity_covered: line.quantity_covered,
        quantity_backordered: line.quantity - line.quantity_covered,
        quantity_released: line.quantity_released,
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

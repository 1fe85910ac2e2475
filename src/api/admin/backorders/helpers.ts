import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
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
} from "../../../types"
import {
  backorderRunContext,
  divideBackordersWorkflow,
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

/** Loads one backorder with its lines or fails with a 404 naming the id. */
export async function retrieveBackorderOrThrow(
  scope: MedusaContainer,
  id: string
): Promise<StoredBackorder> {
  const [backorder] = await scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackorders({ id }, { relations: ["lines"] })
  if (!backorder) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Backorder with id: ${id} was not found`
    )
  }
  return backorder
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

import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderBulkResponse } from "../../../../types"
import {
  applyBackorderAlternativesWorkflow,
  backorderRunContext,
} from "../../../../workflows"
import type { AdminBackorderSelectionType } from "../validators"

/**
 * POST /admin/backorders/apply-alternatives — for each selected backorder,
 * replaces backordered units with in-stock alternatives through a Medusa order
 * edit and re-plans the order. Each order is its own transaction; an order
 * that cannot be edited is reported as skipped with the reason.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminBackorderSelectionType>,
  res: MedusaResponse<AdminBackorderBulkResponse>
) {
  const found = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackordersOrThrow(req.validatedBody.backorder_ids, {
      select: ["id", "order_id"],
    })
  const ids = found.map((b) => b.id)
  const orderOf = new Map(found.map((b) => [b.id, b.order_id]))

  const results: AdminBackorderBulkResponse["results"] = []
  for (const id of ids) {
    const { result, errors } = await applyBackorderAlternativesWorkflow(
      req.scope
    ).run({
      input: {
        backorder_id: id,
        actor: { type: "user", id: req.auth_context.actor_id },
      },
      context: backorderRunContext(),
      throwOnError: false,
    })
    if (errors?.length) {
      results.push({
        backorder_id: id,
        order_id: orderOf.get(id)!,
        outcome: "skipped",
        reason: `the order could not be edited: ${errors.map((e) => e.error?.message ?? String(e.error)).join("; ")}`,
      })
      continue
    }
    results.push({
      backorder_id: result.backorder_id,
      order_id: result.order_id,
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      replacements: result.replacements,
      released: result.released,
    } as AdminBackorderBulkResponse["results"][number])
  }
  res.json({ results })
}

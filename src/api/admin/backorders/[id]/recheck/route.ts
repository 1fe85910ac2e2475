import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../../modules/backorder"
import type { AdminBackorderResponse } from "../../../../../types"
import {
  backorderRunContext,
  explainBackorderWorkflow,
  recheckBackorderWorkflow,
} from "../../../../../workflows"
import {
  retrieveBackorderOrThrow,
  serializeBackorder,
  serializeEvent,
} from "../../helpers"

/**
 * POST /admin/backorders/:id/recheck — one-call repair: clears a job marker
 * nothing holds any more and re-plans the backorder; answers it with its
 * explanation and whether the repair changed anything.
 */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<
    AdminBackorderResponse & {
      recheck: { cleared_stale_process: boolean; released: boolean }
    }
  >
) {
  await retrieveBackorderOrThrow(req.scope, req.params.id)
  const { result } = await recheckBackorderWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  const backorder = await retrieveBackorderOrThrow(req.scope, req.params.id)
  const [events, { result: explanation }] = await Promise.all([
    req.scope
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .listBackorderEvents(
        { backorder_id: backorder.id },
        { order: { created_at: "ASC", id: "ASC" } }
      ),
    explainBackorderWorkflow(req.scope).run({ input: { id: backorder.id } }),
  ])
  res.json({
    backorder: {
      ...serializeBackorder(backorder),
      events: events.map(serializeEvent),
      explanation,
    },
    recheck: result,
  })
}

import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderResponse } from "../../../../types"
import { explainBackorderWorkflow } from "../../../../workflows"
import {
  retrieveBackorderOrThrow,
  serializeBackorder,
  serializeEvent,
} from "../helpers"

/**
 * GET /admin/backorders/:id — the backorder, its audit events (oldest first)
 * and the planner's explanation per line (queue position, units ahead, what
 * blocks it; null once the backorder no longer waits).
 */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderResponse>
) {
  const backorder = await retrieveBackorderOrThrow(req.scope, req.params.id)
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const [events, { result: explanation }] = await Promise.all([
    service.listBackorderEvents(
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
  })
}

import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorder } from "../../../../../types"
import {
  backorderRunContext,
  updateBackorderPriorityWorkflow,
} from "../../../../../workflows"
import { retrieveBackorderWithLines, serializeBackorder } from "../../helpers"
import type { AdminUpdateBackorderPriorityType } from "../../validators"

/**
 * POST /admin/backorders/:id/priority — sets the priority and re-plans the
 * backorder's items; answers the updated backorder.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateBackorderPriorityType>,
  res: MedusaResponse<{ backorder: AdminBackorder }>
) {
  await updateBackorderPriorityWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      priority: req.validatedBody.priority,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  res.json({
    backorder: serializeBackorder(
      await retrieveBackorderWithLines(req.scope, req.params.id)
    ),
  })
}

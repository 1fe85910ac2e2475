import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../../types"
import {
  backorderRunContext,
  recheckBackorderWorkflow,
} from "../../../../../workflows"
import { backorderDetail } from "../../helpers"

/**
 * POST /admin/backorders/:id/recheck — one-call repair: clears a job marker
 * nothing holds any more and re-plans the backorder; answers it with its
 * explanation and whether the repair changed anything (404 for an unknown id).
 */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<
    AdminBackorderResponse & {
      recheck: { cleared_stale_process: boolean; released: boolean }
    }
  >
) {
  const { result } = await recheckBackorderWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  res.json({
    backorder: await backorderDetail(req.scope, req.params.id),
    recheck: result,
  })
}

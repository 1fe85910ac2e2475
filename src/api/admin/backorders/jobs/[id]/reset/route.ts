import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderJobResponse } from "../../../../../../types"
import {
  backorderRunContext,
  resetBackorderJobWorkflow,
} from "../../../../../../workflows"
import { retrieveJob } from "../../helpers"

/**
 * POST /admin/backorders/jobs/:id/reset — stops a job; its unprocessed orders
 * return to the state they had before it queued them.
 */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderJobResponse>
) {
  await resetBackorderJobWorkflow(req.scope).run({
    input: {
      job_id: req.params.id,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  res.json({ job: await retrieveJob(req.scope, req.params.id) })
}

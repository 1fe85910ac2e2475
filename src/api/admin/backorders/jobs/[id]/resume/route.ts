import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderJobResponse } from "../../../../../../types"
import {
  backorderRunContext,
  resumeBackorderJobWorkflow,
} from "../../../../../../workflows"
import { retrieveJob } from "../../helpers"

/** POST /admin/backorders/jobs/:id/resume — continues a stuck job from its last checkpoint. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderJobResponse>
) {
  await resumeBackorderJobWorkflow(req.scope).run({
    input: { job_id: req.params.id },
    context: backorderRunContext(),
  })
  res.json({ job: await retrieveJob(req.scope, req.params.id) })
}

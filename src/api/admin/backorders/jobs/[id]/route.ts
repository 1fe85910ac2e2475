import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderJobResponse } from "../../../../../types"
import { retrieveJob } from "../helpers"

/** GET /admin/backorders/jobs/:id — status, progress % and per-order results. */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderJobResponse>
) {
  res.json({ job: await retrieveJob(req.scope, req.params.id) })
}

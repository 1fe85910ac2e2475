import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderArrivalResponse } from "../../../../../../types"
import { cancelBackorderArrivalWorkflow } from "../../../../../../workflows"
import { arrivalDetail } from "../../helpers"

/** POST /admin/backorders/arrivals/:id/cancel — the units are no longer expected. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderArrivalResponse>
) {
  await cancelBackorderArrivalWorkflow(req.scope).run({
    input: { id: req.params.id },
  })
  res.json({ arrival: await arrivalDetail(req.scope, req.params.id) })
}

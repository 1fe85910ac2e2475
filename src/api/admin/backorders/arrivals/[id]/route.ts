import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderArrivalResponse } from "../../../../../types"
import { updateBackorderArrivalWorkflow } from "../../../../../workflows"
import type { AdminUpdateBackorderArrivalType } from "../../validators"
import { arrivalDetail } from "../helpers"

/** GET /admin/backorders/arrivals/:id */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderArrivalResponse>
) {
  res.json({ arrival: await arrivalDetail(req.scope, req.params.id) })
}

/** POST /admin/backorders/arrivals/:id — edits an expected arrival. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateBackorderArrivalType>,
  res: MedusaResponse<AdminBackorderArrivalResponse>
) {
  await updateBackorderArrivalWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  res.json({ arrival: await arrivalDetail(req.scope, req.params.id) })
}

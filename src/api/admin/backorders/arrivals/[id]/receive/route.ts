import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderArrivalResponse } from "../../../../../../types"
import { receiveBackorderArrivalWorkflow } from "../../../../../../workflows"
import type { AdminReceiveBackorderArrivalType } from "../../../validators"
import { arrivalDetail } from "../../helpers"

/**
 * POST /admin/backorders/arrivals/:id/receive — the units (all still
 * expected, or `quantity`) become stock at the arrival's location through
 * Medusa's inventory module; waiting orders release as for any restock.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminReceiveBackorderArrivalType>,
  res: MedusaResponse<AdminBackorderArrivalResponse>
) {
  await receiveBackorderArrivalWorkflow(req.scope).run({
    input: { id: req.params.id, quantity: req.validatedBody.quantity },
  })
  res.json({ arrival: await arrivalDetail(req.scope, req.params.id) })
}

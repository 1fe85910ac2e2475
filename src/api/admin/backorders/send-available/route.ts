import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderBulkResponse } from "../../../../types"
import { runDivide } from "../helpers"
import type { AdminBackorderSelectionType } from "../validators"

/**
 * POST /admin/backorders/send-available — for any selection: each backorder
 * takes the free stock its rank allows and what is available ships now.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminBackorderSelectionType>,
  res: MedusaResponse<AdminBackorderBulkResponse>
) {
  res.json(await runDivide(req, "send_available"))
}

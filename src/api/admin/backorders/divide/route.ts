import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderBulkResponse } from "../../../../types"
import { runDivide } from "../helpers"
import type { AdminBackorderSelectionType } from "../validators"

/**
 * POST /admin/backorders/divide — "Unlock Backorders": releases the covered
 * units of each selected backorder for fulfillment; the rest keeps waiting.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminBackorderSelectionType>,
  res: MedusaResponse<AdminBackorderBulkResponse>
) {
  res.json(await runDivide(req, "divide"))
}

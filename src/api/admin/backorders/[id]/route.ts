import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderResponse } from "../../../../types"
import { backorderDetail } from "../helpers"

/**
 * GET /admin/backorders/:id — the backorder, its audit events (oldest first)
 * and the planner's explanation per line (queue position, units ahead, what
 * blocks it, why it is or is not unlockable; null once it no longer waits).
 */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderResponse>
) {
  res.json({ backorder: await backorderDetail(req.scope, req.params.id) })
}

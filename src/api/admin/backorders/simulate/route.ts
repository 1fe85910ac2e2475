import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminSimulateRestockResponse } from "../../../../types"
import { simulateRestockWorkflow } from "../../../../workflows"
import type { AdminSimulateRestockType } from "../validators"

/**
 * POST /admin/backorders/simulate — what a restock would do, planned by the
 * same planner as the real release, without changing anything.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminSimulateRestockType>,
  res: MedusaResponse<AdminSimulateRestockResponse>
) {
  const { result } = await simulateRestockWorkflow(req.scope).run({
    input: { restock: req.validatedBody.restock },
  })
  res.json(result)
}

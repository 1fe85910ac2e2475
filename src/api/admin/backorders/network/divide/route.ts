import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminBackorderJobResponse } from "../../../../../types"
import { createNetworkDivideJobWorkflow } from "../../../../../workflows"
import { serializeJob } from "../../jobs/helpers"
import type { AdminBackorderSelectionType } from "../../validators"

/**
 * POST /admin/backorders/network/divide — Divide Network Backorder: queues a
 * background job for the selected backorders (at most max_network_batch) and
 * answers it at once (202); follow it at GET /admin/backorders/jobs/:id.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminBackorderSelectionType>,
  res: MedusaResponse<AdminBackorderJobResponse>
) {
  const { result } = await createNetworkDivideJobWorkflow(req.scope).run({
    input: {
      backorder_ids: req.validatedBody.backorder_ids,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
  })
  res.status(202).json({ job: serializeJob(result) })
}

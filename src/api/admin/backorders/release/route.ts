import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { AdminReleaseBackordersResponse } from "../../../../types"
import {
  backorderRunContext,
  releaseBackordersWorkflow,
} from "../../../../workflows"
import type { AdminReleaseBackordersType } from "../validators"

/**
 * POST /admin/backorders/release — runs a release now for the given inventory
 * items (all items with waiting backorders when none are given) and answers
 * what moved.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminReleaseBackordersType>,
  res: MedusaResponse<AdminReleaseBackordersResponse>
) {
  const { result } = await releaseBackordersWorkflow(req.scope).run({
    input: {
      inventory_item_ids: req.validatedBody.inventory_item_ids,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  res.json({
    released: result.released,
    canceled: result.canceled,
    created: result.created,
    reservations: result.reservations,
  })
}

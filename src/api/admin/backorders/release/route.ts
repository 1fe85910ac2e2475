import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { AdminReleaseBackordersResponse } from "../../../../types"
import {
  backorderRunContext,
  processBackorderChangesWorkflow,
} from "../../../../workflows"
import type { AdminReleaseBackordersType } from "../validators"

/**
 * POST /admin/backorders/release — queues the given inventory items (every
 * item with waiting backorders when none are given) and drains the queue
 * now, group by group; answers what moved. Groups whose locks are busy stay
 * queued and are retried (`queued_for_retry`). Unknown inventory items are
 * a 404 naming them, and nothing is queued.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminReleaseBackordersType>,
  res: MedusaResponse<AdminReleaseBackordersResponse>
) {
  const ids = req.validatedBody.inventory_item_ids
  if (ids) {
    const known = new Set(
      (
        await req.scope
          .resolve(Modules.INVENTORY)
          .listInventoryItems({ id: ids }, { select: ["id"] })
      ).map((item) => item.id)
    )
    const unknown = [...new Set(ids)].filter((id) => !known.has(id))
    if (unknown.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Inventory item${unknown.length > 1 ? "s" : ""} ${unknown.slice(0, 10).join(", ")}${
          unknown.length > 10 ? ` and ${unknown.length - 10} more` : ""
        } not found`
      )
    }
  }
  const { result } = await processBackorderChangesWorkflow(req.scope).run({
    input: {
      changes: (ids ?? []).map((id) => ({
        inventory_item_id: id,
        reason: "manual",
      })),
      all_waiting: !ids,
      reason: "manual",
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  res.json({
    released: result.released,
    canceled: result.canceled,
    created: result.created,
    reservations: result.reservations,
    queued_for_retry: result.retried,
  })
}

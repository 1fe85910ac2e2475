import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type { StoreCustomerBackordersResponse } from "../../../../../types"
import { customerBackorders } from "../../../backorders/helpers"
import type { StoreGetCustomerBackordersParamsType } from "../../../backorders/validators"

/**
 * GET /store/customers/me/backorders — the logged-in customer's own
 * backorders (newest order first): per line what is ready and what waits,
 * and when it is expected. 401 without a customer login.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<
    unknown,
    StoreGetCustomerBackordersParamsType
  >,
  res: MedusaResponse<StoreCustomerBackordersResponse>
) {
  const { offset, limit } = req.validatedQuery
  const { backorders, count } = await customerBackorders(
    req.scope,
    req.auth_context.actor_id,
    { offset, limit }
  )
  res.json({ backorders, count, offset, limit })
}

import { createOrderFulfillmentWorkflowId } from "@medusajs/medusa/core-flows"
import { insertWorkflowSteps } from "../core-steps/insert-steps"
import {
  fulfillmentGateHandler,
  fulfillmentGateReleaseHandler,
} from "./gate-steps"

export const FULFILLMENT_GATE_STEP = "backorders-fulfillment-gate"
export const FULFILLMENT_GATE_RELEASE_STEP =
  "backorders-fulfillment-gate-release"

/** The step Medusa 2.21's `create-order-fulfillment` starts with, and the one it ends with. */
const FIRST_STEP = "get-order"
const LAST_STEP = "fulfillmentCreated"

/**
 * Puts the fulfilment gate (DESIGN D11) inside Medusa's
 * `create-order-fulfillment` workflow, which every order fulfilment runs —
 * `POST /admin/orders/:id/fulfillments`, the outbound items of claims and
 * exchanges, and any code calling `createOrderFulfillmentWorkflow`: a step
 * before its first (take the order's lock, check against fresh state) and one
 * after its last (give the lock back). The workflow's one hook,
 * `fulfillmentCreated`, stays free for your app. The integration tests run
 * the gate through every path above. Idempotent.
 */
export function installFulfillmentGate(): "installed" | "already installed" {
  return insertWorkflowSteps(
    createOrderFulfillmentWorkflowId,
    [
      {
        action: FULFILLMENT_GATE_STEP,
        before: FIRST_STEP,
        handler: fulfillmentGateHandler,
        noCompensation: false,
      },
      {
        action: FULFILLMENT_GATE_RELEASE_STEP,
        after: LAST_STEP,
        handler: fulfillmentGateReleaseHandler,
        noCompensation: true,
      },
    ],
    "the fulfilment gate cannot be installed and fulfilments would not be checked"
  )
}

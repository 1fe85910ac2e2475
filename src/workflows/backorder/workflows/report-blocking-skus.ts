import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { loadBackorderPlanInputStep, resolveBackorderScopeStep } from "../steps"
import { blockingSkus } from "../utils/blocking-skus"

export const reportBlockingSkusWorkflowId = "report-blocking-skus"

/**
 * Read-only: plans every item with waiting backorders (no lock, no writes) and
 * answers, per inventory item, the units and orders it keeps waiting.
 */
export const reportBlockingSkusWorkflow = createWorkflow(
  reportBlockingSkusWorkflowId,
  () => {
    const scopeInput = transform({}, () => ({ all: true }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const snapshot = loadBackorderPlanInputStep({
      inventory_item_ids: scope.inventory_item_ids,
    })
    return new WorkflowResponse(
      transform({ snapshot }, ({ snapshot }) => blockingSkus(snapshot))
    )
  }
)

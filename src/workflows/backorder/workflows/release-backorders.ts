import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import {
  acquireBackorderLockStep,
  releaseBackorderLockStep,
  resolveBackorderScopeStep,
} from "../steps"
import { composeBackorderPlan } from "./compose-backorder-plan"

export type ReleaseBackordersWorkflowInput = {
  /** Items whose stock changed; omit to re-plan every item with waiting backorders. */
  inventory_item_ids?: string[]
  actor?: PlanActor
}

export const releaseBackordersWorkflowId = "release-backorders"

/**
 * Re-plans the waiting backorders of the given inventory items (all of them
 * when none are given) and releases, in rank order, those that real stock now
 * covers: their reservations grow to the full quantity and they move to
 * `pending` (code 3). Also shrinks coverage when stock went down and cancels
 * backorders whose order was canceled. Serialised with checkout by the
 * inventory item locks; idempotent. Compensation restores reservations and
 * records.
 */
export const releaseBackordersWorkflow = createWorkflow(
  releaseBackordersWorkflowId,
  (input: ReleaseBackordersWorkflowInput) => {
    const scopeInput = transform({ input }, ({ input }) => ({
      inventory_item_ids: input.inventory_item_ids,
      all: !input.inventory_item_ids,
    }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const lock = acquireBackorderLockStep({ keys: scope.inventory_item_ids })
    const actor = transform(
      { input },
      ({ input }) => input.actor ?? { type: "system" as const }
    )
    const result = composeBackorderPlan({
      inventory_item_ids: scope.inventory_item_ids,
      actor,
    })
    releaseBackorderLockStep(lock)
    return new WorkflowResponse(result)
  }
)

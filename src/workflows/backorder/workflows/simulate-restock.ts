import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  loadBackorderPlanInputStep,
  resolveBackorderScopeStep,
  resolveRestockEntriesStep,
} from "../steps"
import type { RestockRequest } from "../steps/resolve-restock-entries"
import { simulateRestock } from "../../../planner"

export type SimulateRestockWorkflowInput = { restock: RestockRequest[] }

export const simulateRestockWorkflowId = "simulate-restock"

/**
 * "What if these units arrive?": plans the current queue with the restock
 * added, using the same planner as the real release, and answers which
 * backorders would release, which would become unlockable and what would stay
 * free. Read-only: takes no lock and writes nothing.
 */
export const simulateRestockWorkflow = createWorkflow(
  simulateRestockWorkflowId,
  (input: SimulateRestockWorkflowInput) => {
    const entries = resolveRestockEntriesStep({ restock: input.restock })
    const scopeInput = transform({ entries }, ({ entries }) => ({
      inventory_item_ids: entries.map((e) => e.inventory_item_id),
    }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const inventoryItemIds = transform(
      { scope, entries },
      ({ scope, entries }) => [
        ...new Set([
          ...scope.inventory_item_ids,
          ...entries.map((e) => e.inventory_item_id),
        ]),
      ]
    )
    const snapshot = loadBackorderPlanInputStep({
      inventory_item_ids: inventoryItemIds,
    })
    const result = transform({ snapshot, entries }, ({ snapshot, entries }) =>
      simulateRestock(snapshot, entries)
    )
    return new WorkflowResponse(result)
  }
)

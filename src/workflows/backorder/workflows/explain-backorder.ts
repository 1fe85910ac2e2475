import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  loadBackorderPlanInputStep,
  resolveBackorderScopeStep,
  validateBackorderExistsStep,
} from "../steps"
import { buildBackorderPlan } from "../utils/build-backorder-plan"

export type ExplainBackorderWorkflowInput = { id: string }

export const explainBackorderWorkflowId = "explain-backorder"

/**
 * Read-only: runs the planner over the current queue of a backorder's items
 * and returns the backorder's explanation (queue position, units ahead, which
 * SKU blocks it). `null` when the backorder no longer waits. Writes nothing.
 */
export const explainBackorderWorkflow = createWorkflow(
  explainBackorderWorkflowId,
  (input: ExplainBackorderWorkflowInput) => {
    const backorder = validateBackorderExistsStep({ id: input.id })
    const scopeInput = transform({ input }, ({ input }) => ({
      backorder_ids: [input.id],
    }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const snapshot = loadBackorderPlanInputStep({
      inventory_item_ids: scope.inventory_item_ids,
    })
    const explanation = transform(
      { snapshot, backorder },
      ({ snapshot, backorder }) => {
        const plan = buildBackorderPlan(snapshot)
        const found = plan.explanations.find(
          (e) => e.order_id === backorder.order_id
        )
        if (!found) {
          return null
        }
        const sku = (id: string) => snapshot.item_labels[id] ?? null
        return {
          ...found,
          queue_length: plan.explanations.length,
          lines: found.lines.map((line) => ({
            ...line,
            blocking: line.blocking.map((item) => ({
              ...item,
              sku: sku(item.inventory_item_id),
            })),
          })),
          blocked_by: found.blocked_by.map((item) => ({
            ...item,
            sku: sku(item.inventory_item_id),
          })),
        }
      }
    )
    return new WorkflowResponse(explanation)
  }
)

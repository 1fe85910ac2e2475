import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  loadBackorderPlanInputStep,
  loadExpectedArrivalsStep,
  resolveBackorderScopeStep,
  validateBackordersExistStep,
} from "../steps"
import { buildBackorderPlan, estimateArrivals } from "../../../planner"

export type ExplainBackorderWorkflowInput = { id: string }

export const explainBackorderWorkflowId = "explain-backorder"

/**
 * Read-only: runs the planner over the current queue of a backorder's items
 * and returns the backorder's explanation (queue position, units ahead, which
 * SKU blocks it) and its estimated date from the expected arrivals. `null`
 * when the backorder no longer waits. Writes nothing.
 */
export const explainBackorderWorkflow = createWorkflow(
  explainBackorderWorkflowId,
  (input: ExplainBackorderWorkflowInput) => {
    const selection = validateBackordersExistStep({ ids: [input.id] })
    const backorder = transform({ selection }, ({ selection }) => ({
      id: selection.ids[0],
      order_id: selection.order_ids[0],
    }))
    const scopeInput = transform({ input }, ({ input }) => ({
      backorder_ids: [input.id],
    }))
    const scope = resolveBackorderScopeStep(scopeInput)
    const snapshot = loadBackorderPlanInputStep({
      inventory_item_ids: scope.inventory_item_ids,
    })
    const arrivals = loadExpectedArrivalsStep({
      inventory_item_ids: scope.inventory_item_ids,
    })
    const explanation = transform(
      { snapshot, backorder, arrivals },
      ({ snapshot, backorder, arrivals }) => {
        const plan = buildBackorderPlan(snapshot)
        const found = plan.explanations.find(
          (e) => e.order_id === backorder.order_id
        )
        if (!found) {
          return null
        }
        const sku = (id: string) => snapshot.item_labels[id] ?? null
        const stored = snapshot.waiting.find((b) => b.id === backorder.id)
        const toShip = found.lines.reduce((sum, line) => sum + line.covered, 0)
        const releasedBefore = !!stored?.lines.some(
          (l) => l.quantity_released > 0
        )
        const networkCovers = stored?.status === "network_backorder"
        const estimate =
          estimateArrivals(snapshot, arrivals).find(
            (e) => e.backorder_id === backorder.id
          ) ?? null
        return {
          ...found,
          queue_length: plan.explanations.length,
          // When it ships if the expected arrivals come as expected (DESIGN D12).
          estimate: estimate && {
            estimated_at: estimate.estimated_at,
            reason: estimate.reason,
            missing: estimate.missing_items.map((id) => ({
              inventory_item_id: id,
              sku: sku(id),
            })),
            lines: estimate.lines,
          },
          // Troubleshooting "why is it not unlockable?" (Unlock Backorders lists it when true).
          unlockable: toShip > 0 && !found.releasable,
          unlockable_reason: found.releasable
            ? "every unit is covered: it releases whole at the next plan"
            : toShip > 0
              ? `${toShip} unit(s) in stock can ship now with Divide`
              : releasedBefore
                ? "the units in stock were already released (divided); the rest waits for stock"
                : snapshot.policy === "complete" &&
                    found.lines.some(
                      (l) => l.reason === "waiting_for_other_lines"
                    )
                  ? "the complete policy holds stock only for whole orders; Send what's available ships the part in stock"
                  : networkCovers
                    ? "no unit is in stock at its own locations; the network could cover it (Divide Network Backorder)"
                    : "no unit is in stock at its own locations yet",
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

import {
  beginOrderEditOrderWorkflow,
  confirmOrderEditRequestWorkflow,
  emitEventStep,
  orderEditAddNewItemWorkflow,
  orderEditUpdateItemQuantityWorkflow,
  requestOrderEditRequestWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import {
  loadAlternativeCandidatesStep,
  recordBackorderEventStep,
} from "../steps"
import { chooseAlternatives } from "../../../planner"
import { planBackordersWorkflow } from "./plan-backorders"

export type ApplyBackorderAlternativesWorkflowInput = {
  backorder_id: string
  actor: PlanActor
}

export const applyBackorderAlternativesWorkflowId =
  "apply-backorder-alternatives"

/**
 * Replaces a backorder's missing units with in-stock alternatives through a
 * real Medusa order edit (begin → add the alternative at the original unit
 * price → reduce the original line → request → confirm), so the order's items,
 * totals and reservations are Medusa's own; then re-plans the order, which
 * releases it when nothing else is missing. The order edit runs before the
 * inventory locks are taken, because its confirmation reserves stock under
 * those same locks. Emits `backorder.alternative_applied`. Compensation
 * undoes the edit steps, the audit event and the plan's writes.
 */
export const applyBackorderAlternativesWorkflow = createWorkflow(
  applyBackorderAlternativesWorkflowId,
  (input: ApplyBackorderAlternativesWorkflowInput) => {
    const candidates = loadAlternativeCandidatesStep({
      backorder_id: input.backorder_id,
    })
    const decision = transform({ candidates }, ({ candidates }) =>
      chooseAlternatives(candidates)
    )

    when({ decision }, ({ decision }) => decision.replacements.length > 0).then(
      () => {
        const edit = transform(
          { candidates, decision, input },
          ({ candidates, decision, input }) => ({
            order_id: candidates.order_id,
            actor: input.actor.id ?? undefined,
            add: decision.replacements.map((r) => ({
              variant_id: r.to_variant_id,
              quantity: r.quantity,
              ...(r.unit_price !== undefined
                ? { unit_price: r.unit_price }
                : {}),
              internal_note: `Alternative for ${r.from_sku ?? r.from_variant_id} (backorder ${candidates.backorder_id})`,
            })),
            update: decision.replacements.map((r) => ({
              id: r.line_item_id,
              quantity: r.remaining_quantity,
            })),
          })
        )
        beginOrderEditOrderWorkflow.runAsStep({
          input: transform({ edit }, ({ edit }) => ({
            order_id: edit.order_id,
            created_by: edit.actor,
            description: "Backordered units replaced by in-stock alternatives",
          })),
        })
        orderEditAddNewItemWorkflow.runAsStep({
          input: transform({ edit }, ({ edit }) => ({
            order_id: edit.order_id,
            items: edit.add,
          })),
        })
        orderEditUpdateItemQuantityWorkflow.runAsStep({
          input: transform({ edit }, ({ edit }) => ({
            order_id: edit.order_id,
            items: edit.update,
          })),
        })
        requestOrderEditRequestWorkflow.runAsStep({
          input: transform({ edit }, ({ edit }) => ({
            order_id: edit.order_id,
            requested_by: edit.actor,
          })),
        })
        confirmOrderEditRequestWorkflow.runAsStep({
          input: transform({ edit }, ({ edit }) => ({
            order_id: edit.order_id,
            confirmed_by: edit.actor,
          })),
        })
        recordBackorderEventStep(
          transform(
            { candidates, decision, input },
            ({ candidates, decision, input }) => ({
              backorder_id: candidates.backorder_id,
              type: "alternative_applied" as const,
              data: {
                replacements: decision.replacements,
                misses: decision.misses,
              },
              actor: input.actor,
            })
          )
        )
        emitEventStep({
          eventName: BackorderEvents.ALTERNATIVE_APPLIED,
          data: transform({ candidates }, ({ candidates }) => ({
            id: candidates.backorder_id,
            order_id: candidates.order_id,
          })),
        }).config({ name: "emit-backorder-alternative-applied" })
      }
    )

    const plan = planBackordersWorkflow.runAsStep({
      input: transform({ candidates, input }, ({ candidates, input }) => ({
        order_ids: [candidates.order_id],
        actor: input.actor,
      })),
    })

    return new WorkflowResponse(
      transform(
        { candidates, decision, plan },
        ({ candidates, decision, plan }) => ({
          backorder_id: candidates.backorder_id,
          order_id: candidates.order_id,
          outcome: decision.replacements.length
            ? ("replaced" as const)
            : ("skipped" as const),
          ...(decision.replacements.length
            ? decision.misses.length
              ? {
                  reason: decision.misses
                    .map((m) => `${m.sku ?? m.line_item_id}: ${m.reason}`)
                    .join("; "),
                }
              : {}
            : {
                reason: !candidates.waiting
                  ? "the backorder no longer waits for stock"
                  : decision.misses.length
                    ? decision.misses
                        .map((m) => `${m.sku ?? m.line_item_id}: ${m.reason}`)
                        .join("; ")
                    : "nothing is backordered",
              }),
          replacements: decision.replacements,
          released: plan.released.some((b) => b.id === candidates.backorder_id),
        })
      )
    )
  }
)

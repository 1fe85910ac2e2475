import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import { resolveBackorderScopeStep, runBackorderPlanStep } from "../steps"
import type { PlanIntent } from "../../../planner"

export type PlanBackordersWorkflowInput = {
  /** Inventory items whose waiting backorders are re-planned. */
  inventory_item_ids?: string[]
  /** Orders to detect, sync with an edit or cancel (their items join the plan). */
  order_ids?: string[]
  /** Backorders whose items join the plan (priority change, selections). */
  backorder_ids?: string[]
  intent?: PlanIntent
  actor: PlanActor
  /** Re-plan the whole queue of every item (recheck) instead of its head. */
  full?: boolean
}

export const planBackordersWorkflowId = "plan-backorders"

/**
 * The one plan sequence every merchant action nests (`runAsStep`): the
 * connected scope of inventory items → lock, load, pure plan and write under
 * the locks checkout waits on → the plan's events. Compensation undoes the
 * plan's writes.
 */
export const planBackordersWorkflow = createWorkflow(
  planBackordersWorkflowId,
  (input: PlanBackordersWorkflowInput) => {
    const scope = resolveBackorderScopeStep(
      transform({ input }, ({ input }) => ({
        inventory_item_ids: input.inventory_item_ids,
        order_ids: input.order_ids,
        backorder_ids: input.backorder_ids,
      }))
    )
    const outcome = runBackorderPlanStep(
      transform({ input, scope }, ({ input, scope }) => ({
        inventory_item_ids: scope.inventory_item_ids,
        order_ids: input.order_ids,
        intent: input.intent,
        actor: input.actor,
        full: input.full,
      }))
    )
    const events = transform({ outcome }, ({ outcome }) => ({
      created: outcome.created.map(({ id, order_id }) => ({ id, order_id })),
      released: outcome.released,
      canceled: outcome.canceled,
      divided: outcome.divided,
      network_divided: outcome.network_divided,
    }))
    emitEventStep({
      eventName: BackorderEvents.CREATED,
      data: events.created,
    }).config({ name: "emit-backorder-created" })
    emitEventStep({
      eventName: BackorderEvents.RELEASED,
      data: events.released,
    }).config({ name: "emit-backorder-released" })
    emitEventStep({
      eventName: BackorderEvents.CANCELED,
      data: events.canceled,
    }).config({ name: "emit-backorder-canceled" })
    emitEventStep({
      eventName: BackorderEvents.DIVIDED,
      data: events.divided,
    }).config({ name: "emit-backorder-divided" })
    emitEventStep({
      eventName: BackorderEvents.NETWORK_DIVIDED,
      data: events.network_divided,
    }).config({ name: "emit-backorder-network-divided" })
    return new WorkflowResponse(outcome)
  }
)

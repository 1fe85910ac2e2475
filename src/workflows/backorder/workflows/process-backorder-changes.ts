import {
  createWorkflow,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { ChangeInput, PlanActor } from "../../../types/backorder"
import {
  drainBackorderChangesStep,
  enqueueBackorderChangesStep,
} from "../steps"

export type ProcessBackorderChangesWorkflowInput = {
  /** Triggers to record first (inventory items, orders, jobs). */
  changes?: ChangeInput[]
  /** Also queue every inventory item with waiting backorders. */
  all_waiting?: boolean
  reason?: string
  /** Audit actor of the plans this run makes (a merchant's manual release). */
  actor?: PlanActor
  /** Milliseconds after which the run stops claiming more work. */
  budget_ms?: number
}

export const processBackorderChangesWorkflowId = "process-backorder-changes"

/**
 * Records triggers in the durable change queue, then drains what the queue
 * has available (DESIGN D8): every connected group of items is planned under
 * its own locks; a busy lock or a failure leaves the group's rows queued with
 * their error and a backoff. Subscribers, the sweep, settings changes and
 * manual releases all run this; whatever this process does not finish, any
 * other process (or the next tick) does. Answers what this run moved.
 */
export const processBackorderChangesWorkflow = createWorkflow(
  processBackorderChangesWorkflowId,
  (input: ProcessBackorderChangesWorkflowInput) => {
    enqueueBackorderChangesStep({
      changes: input.changes,
      all_waiting: input.all_waiting,
      reason: input.reason,
    })
    const result = drainBackorderChangesStep({
      actor: input.actor,
      budget_ms: input.budget_ms,
    })
    return new WorkflowResponse(result)
  }
)

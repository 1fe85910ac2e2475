import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  drainBackorderChangesStep,
  markStuckBackorderJobsStep,
  sweepBackorderConsistencyStep,
} from "../steps"

export const sweepBackordersWorkflowId = "sweep-backorders"

/**
 * The safety net (DESIGN D8), run on `sweep_schedule`: marks jobs without a
 * heartbeat as stuck, queues what no trigger reported (unseen checkout
 * reservations anywhere, waiting demand next to free stock, orphaned job
 * markers, lost job steps) and drains the queue group by group — never one
 * lock over everything. With nothing wrong it writes nothing.
 */
export const sweepBackordersWorkflow = createWorkflow(
  sweepBackordersWorkflowId,
  () => {
    const stuck = markStuckBackorderJobsStep({})
    const found = sweepBackorderConsistencyStep({})
    const drained = drainBackorderChangesStep({})
    return new WorkflowResponse(
      transform({ stuck, found, drained }, ({ stuck, found, drained }) => ({
        stuck_jobs: stuck,
        ...found,
        drained,
      }))
    )
  }
)

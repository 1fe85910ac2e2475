import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import { findBackorderInconsistencies } from "../engine/sweep"
import { NETWORK_DIVIDE_PROCESS } from "../../../planner"

export const sweepBackorderConsistencyStepId = "sweep-backorder-consistency"

/**
 * The consistency check (`findBackorderInconsistencies`): clears job markers
 * no active job holds and queues every change it found, for the drain to
 * plan group by group. Compensation puts the cleared markers back (the
 * queued changes stay: re-planning converges whatever happens).
 */
export const sweepBackorderConsistencyStep = createStep(
  sweepBackorderConsistencyStepId,
  async (_: Record<string, never>, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const findings = await findBackorderInconsistencies(container)
    if (findings.orphaned.length) {
      await service.updateBackorders(
        findings.orphaned.map((b) => ({
          id: b.id,
          pendingprocess: null,
          pendingprocess_at: null,
        }))
      )
    }
    const queued = findings.changes.length
      ? (await service.enqueueChanges(findings.changes)).length
      : 0
    return new StepResponse(
      {
        found: findings.changes.length,
        queued,
        cleared_processes: findings.orphaned.length,
      },
      findings.orphaned.map((b) => b.id)
    )
  },
  async (cleared, { container }) => {
    if (cleared?.length) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .updateBackorders(
          cleared.map((id) => ({
            id,
            pendingprocess: NETWORK_DIVIDE_PROCESS,
            pendingprocess_at: new Date(),
          }))
        )
    }
  }
)

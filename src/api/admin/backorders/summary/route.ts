import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderSummaryResponse } from "../../../../types"

/** GET /admin/backorders/summary — counts for the Backorder alert button. */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderSummaryResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const stuckBefore = new Date(
    Date.now() - (await service.getSettings()).stuck_after_minutes * 60_000
  )
  const [counts, unlockable, stuck, queue] = await Promise.all([
    service.countByStatus(),
    service.countUnlockable(),
    service.countStuck(stuckBefore),
    service.getChangeQueueStats(0),
  ])
  res.json({
    counts: {
      backorder: counts.backorder ?? 0,
      network_backorder: counts.network_backorder ?? 0,
      pending: counts.pending ?? 0,
      canceled: counts.canceled ?? 0,
    },
    unlockable,
    stuck,
    queue: {
      depth: queue.depth,
      oldest_at: queue.oldest_at,
      failing: queue.failing,
    },
  })
}

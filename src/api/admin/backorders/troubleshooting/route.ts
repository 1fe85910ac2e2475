import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderTroubleshootingResponse } from "../../../../types"
import { serializeJobSummary } from "../jobs/helpers"

/**
 * GET /admin/backorders/troubleshooting — what is stuck and since when:
 * backorders whose pending process has not moved for stuck_after_minutes
 * (waiting for a network decision does not count), stuck or stalled jobs,
 * and the change queue: its depth, oldest entry and the entries that failed
 * (attempts, next try, last error). Lists are bounded: the oldest 100 stuck
 * backorders, the 50 newest unfinished jobs, the 20 oldest failing changes
 * (the summary counts them all).
 */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderTroubleshootingResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const settings = await service.getSettings()
  const now = Date.now()
  const before = new Date(now - settings.stuck_after_minutes * 60_000)
  const [backorders, jobs, queue] = await Promise.all([
    service.listStuckBackorders(before),
    service.listBackorderJobs(
      { status: ["stuck", "queued", "running"] },
      { order: { created_at: "DESC" }, take: 50 }
    ),
    service.getChangeQueueStats(),
  ])
  res.json({
    stuck_after_minutes: settings.stuck_after_minutes,
    stuck_backorders: backorders.map((b) => ({
      id: b.id,
      order_id: b.order_id,
      display_id: b.order_display_id,
      status: b.status,
      pendingprocess: b.pendingprocess,
      since: b.pendingprocess_at,
      minutes: Math.floor((now - Date.parse(b.pendingprocess_at)) / 60_000),
    })),
    stuck_jobs: jobs
      .filter(
        (job) =>
          job.status === "stuck" ||
          !job.heartbeat_at ||
          new Date(job.heartbeat_at) < before
      )
      .map(serializeJobSummary),
    queue,
    repair:
      "POST /admin/backorders/:id/recheck re-plans one backorder; POST /admin/backorders/jobs/:id/resume or /reset handles a job",
  })
}

import type { MedusaContainer } from "@medusajs/framework/types"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type {
  AdminBackorderJob,
  AdminBackorderJobSummary,
  BackorderJobItem,
} from "../../../../types"
import { iso } from "../../../../utils/iso"

type StoredJob = Awaited<
  ReturnType<BackorderModuleService["listBackorderJobs"]>
>[number]

/** A job without its per-order results: what lists answer (their size stays bounded). */
export function serializeJobSummary(job: StoredJob): AdminBackorderJobSummary {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    total: job.total,
    processed: job.processed,
    failed: job.failed,
    progress: job.progress,
    heartbeat_at: iso(job.heartbeat_at),
    started_at: iso(job.started_at),
    finished_at: iso(job.finished_at),
    created_at: iso(job.created_at)!,
    created_by: job.created_by ?? null,
    error: job.error ?? null,
  }
}

/** A job with its per-order results (load it with `relations: ["items"]`). */
export function serializeJob(job: StoredJob): AdminBackorderJob {
  return {
    ...serializeJobSummary(job),
    results: [...(job.items ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        backorder_id: item.backorder_id,
        order_id: item.order_id,
        state: item.state,
        ...(item.outcome
          ? { outcome: item.outcome as BackorderJobItem["outcome"] }
          : {}),
        ...(item.reason ? { reason: item.reason } : {}),
        ...(item.allocations
          ? {
              allocations:
                item.allocations as unknown as BackorderJobItem["allocations"],
            }
          : {}),
      })),
  }
}

/** A job for the API; Medusa's NOT_FOUND (404, naming the id) when there is none. */
export async function retrieveJob(
  scope: MedusaContainer,
  id: string
): Promise<AdminBackorderJob> {
  return serializeJob(
    await scope
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .retrieveBackorderJob(id, { relations: ["items"] })
  )
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderJob, BackorderJobItem } from "../../../../types"

type StoredJob = Awaited<
  ReturnType<BackorderModuleService["listBackorderJobs"]>
>[number]

const iso = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString() : null

export function serializeJob(job: StoredJob): AdminBackorderJob {
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
    results: (job.items as unknown as BackorderJobItem[]).map(
      ({ previous: _previous, ...item }) => item
    ),
  }
}

export async function retrieveJobOrThrow(
  scope: MedusaContainer,
  id: string
): Promise<AdminBackorderJob> {
  const [job] = await scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listBackorderJobs({ id })
  if (!job) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Backorder job with id: ${id} was not found`
    )
  }
  return serializeJob(job)
}

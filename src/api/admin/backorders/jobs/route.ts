import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderJobSummary } from "../../../../types"
import { serializeJobSummary } from "./helpers"
import type { AdminGetBackorderJobsParamsType } from "../validators"

/**
 * GET /admin/backorders/jobs — recent background jobs, newest first (`status`
 * filters), with their counts and progress; the per-order results are on
 * GET /admin/backorders/jobs/:id.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackorderJobsParamsType>,
  res: MedusaResponse<{
    jobs: AdminBackorderJobSummary[]
    count: number
    offset: number
    limit: number
  }>
) {
  const { status, offset, limit } = req.validatedQuery
  const [jobs, count] = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listAndCountBackorderJobs(status ? { status } : {}, {
      order: { created_at: "DESC", id: "DESC" },
      skip: offset,
      take: limit,
    })
  res.json({ jobs: jobs.map(serializeJobSummary), count, offset, limit })
}

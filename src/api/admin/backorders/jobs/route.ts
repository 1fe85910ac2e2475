import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderJob } from "../../../../types"
import { serializeJob } from "./helpers"
import type { AdminGetBackorderJobsParamsType } from "../validators"

/** GET /admin/backorders/jobs — recent background jobs, newest first (`status` filters). */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetBackorderJobsParamsType>,
  res: MedusaResponse<{
    jobs: AdminBackorderJob[]
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
      relations: ["items"],
      skip: offset,
      take: limit,
    })
  res.json({ jobs: jobs.map(serializeJob), count, offset, limit })
}

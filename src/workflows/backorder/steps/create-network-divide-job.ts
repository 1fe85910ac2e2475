import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import { compareRank, NETWORK_DIVIDE_PROCESS } from "../../../planner"
import type { PlanActor } from "../../../types/backorder"

export const createNetworkDivideJobStepId = "create-network-divide-job"

/**
 * Queues a Divide Network Backorder job: one item per selected backorder, in
 * rank order, each with its current state (so a reset can restore it); the
 * backorders are marked `network_divide_process`. Refuses more than
 * `max_network_batch` orders and backorders that are not waiting or already
 * queued in a job. Compensation deletes the job (its items go with it) and
 * restores the backorders.
 */
export const createNetworkDivideJobStep = createStep(
  createNetworkDivideJobStepId,
  async (
    input: { backorder_ids: string[]; actor: PlanActor },
    { container }
  ) => {
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const { max_network_batch } = await backorders.getSettings()
    const ids = [...new Set(input.backorder_ids)]
    if (ids.length > max_network_batch) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `A network divide takes at most ${max_network_batch} backorders; ${ids.length} were selected`
      )
    }
    // The job takes the orders in rank order, ranked exactly as the planner ranks them.
    const rankOf = (b: {
      priority: number
      order_created_at: Date | string
      order_display_id: number
      order_id: string
    }) => ({
      priority: b.priority,
      created_at: new Date(b.order_created_at).getTime(),
      display_id: b.order_display_id,
      key: b.order_id,
    })
    const found = (await backorders.listBackordersOrThrow(ids)).sort((a, b) =>
      compareRank(rankOf(a), rankOf(b))
    )
    const notWaiting = found.filter(
      (b) => !(WAITING_STATUSES as string[]).includes(b.status)
    )
    if (notWaiting.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Only waiting backorders can be divided over the network: ${notWaiting
          .map((b) => `${b.id} (order #${b.order_display_id}) is ${b.status}`)
          .join(", ")}`
      )
    }
    const queued = found.filter(
      (b) => b.pendingprocess === NETWORK_DIVIDE_PROCESS
    )
    if (queued.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Already queued in a network divide job: ${queued.map((b) => `${b.id} (order #${b.order_display_id})`).join(", ")}`
      )
    }

    const now = new Date()
    const job = await backorders.createBackorderJobs({
      kind: "network_divide",
      status: "queued",
      total: found.length,
      heartbeat_at: now,
      created_by: input.actor.id ?? null,
    })
    await backorders.createBackorderJobItems(
      found.map((b, index) => ({
        job_id: job.id,
        position: index + 1,
        backorder_id: b.id,
        order_id: b.order_id,
        state: "pending" as const,
        previous_status: b.status,
        previous_pendingprocess: b.pendingprocess ?? null,
        previous_pendingprocess_at: b.pendingprocess_at ?? null,
      }))
    )
    await backorders.updateBackorders(
      found.map((b) => ({
        id: b.id,
        pendingprocess: NETWORK_DIVIDE_PROCESS,
        pendingprocess_at: now,
      }))
    )
    return new StepResponse(
      await backorders.retrieveBackorderJob(job.id, { relations: ["items"] }),
      {
        job_id: job.id,
        previous: found.map((b) => ({
          id: b.id,
          pendingprocess: b.pendingprocess ?? null,
          pendingprocess_at: b.pendingprocess_at ?? null,
        })),
      }
    )
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await backorders.updateBackorders(created.previous)
    await backorders.deleteBackorderJobs([created.job_id])
  }
)

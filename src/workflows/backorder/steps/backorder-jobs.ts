import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import type { BackorderJobItem, PlanActor } from "../../../types/backorder"
import { compareRank } from "../../../planner"
import {
  NETWORK_DIVIDE_PROCESS,
  type NetworkDivideOutcome,
} from "../utils/build-backorder-plan"

const service = (container: { resolve: <T>(key: string) => T }) =>
  container.resolve<BackorderModuleService>(BACKORDER_MODULE)

const iso = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString() : null

/** Jobs that are alive answer to these statuses. */
export const ACTIVE_JOB_STATUSES = ["queued", "running"] as const

export const createNetworkDivideJobStepId = "create-network-divide-job"

/**
 * Queues a Divide Network Backorder job: the selected backorders in rank
 * order, each with its current state (so a reset can restore it), marked
 * `network_divide_process`. Refuses more than `max_network_batch` orders and
 * backorders that are not waiting or already queued in a job. Compensation
 * deletes the job and restores the backorders.
 */
export const createNetworkDivideJobStep = createStep(
  createNetworkDivideJobStepId,
  async (
    input: { backorder_ids: string[]; actor: PlanActor },
    { container }
  ) => {
    const backorders = service(container)
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
    const items: BackorderJobItem[] = found.map((b) => ({
      backorder_id: b.id,
      order_id: b.order_id,
      state: "pending",
      previous: {
        status: b.status,
        pendingprocess: b.pendingprocess ?? null,
        pendingprocess_at: iso(b.pendingprocess_at),
      },
    }))
    const job = await backorders.createBackorderJobs({
      kind: "network_divide",
      status: "queued",
      total: items.length,
      heartbeat_at: now,
      created_by: input.actor.id ?? null,
      items: items as unknown as Record<string, unknown>,
    })
    await backorders.updateBackorders(
      found.map((b) => ({
        id: b.id,
        pendingprocess: NETWORK_DIVIDE_PROCESS,
        pendingprocess_at: now,
      }))
    )
    return new StepResponse(job, { job_id: job.id, items })
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    const backorders = service(container)
    await backorders.updateBackorders(
      created.items.map((item) => ({
        id: item.backorder_id,
        pendingprocess: item.previous.pendingprocess,
        pendingprocess_at: item.previous.pendingprocess_at
          ? new Date(item.previous.pendingprocess_at)
          : null,
      }))
    )
    await backorders.deleteBackorderJobs([created.job_id])
  }
)

export type ClaimedJobItem = {
  job_id: string
  /** False when another process holds the job or it is not runnable. */
  claimed: boolean
  lock_owner: string | null
  item: BackorderJobItem | null
  /** The user who queued the job (the actor of its audit events). */
  created_by: string | null
}

export const claimBackorderJobStepId = "claim-backorder-job"

const jobLockKey = (jobId: string) => `backorder-job:${jobId}`
const JOB_LOCK_TTL_SECONDS = 300

/**
 * Takes a job's lease (so duplicate events or several workers never process
 * it twice at once), marks it running with a fresh heartbeat, and answers its
 * next unprocessed order (null when all are done). A job that is not queued
 * or running, or held by another process, is left alone. Compensation gives
 * the lease back.
 */
export const claimBackorderJobStep = createStep(
  claimBackorderJobStepId,
  async (input: { job_id: string }, { container, transactionId }) => {
    const locking = container.resolve(Modules.LOCKING)
    const owner = `backorder-job:${transactionId}`
    const unclaimed: ClaimedJobItem = {
      job_id: input.job_id,
      claimed: false,
      lock_owner: null,
      item: null,
      created_by: null,
    }
    try {
      await locking.acquire(jobLockKey(input.job_id), {
        ownerId: owner,
        expire: JOB_LOCK_TTL_SECONDS,
      })
    } catch {
      return new StepResponse(unclaimed, null)
    }
    const backorders = service(container)
    const [job] = await backorders.listBackorderJobs({ id: input.job_id })
    if (
      !job ||
      !(ACTIVE_JOB_STATUSES as readonly string[]).includes(job.status)
    ) {
      await locking.release(jobLockKey(input.job_id), { ownerId: owner })
      return new StepResponse(unclaimed, null)
    }
    const now = new Date()
    await backorders.updateBackorderJobs({
      id: job.id,
      status: "running",
      heartbeat_at: now,
      ...(job.started_at ? {} : { started_at: now }),
    })
    const items = job.items as unknown as BackorderJobItem[]
    const claimed: ClaimedJobItem = {
      job_id: job.id,
      claimed: true,
      lock_owner: owner,
      item: items.find((item) => item.state === "pending") ?? null,
      created_by: job.created_by ?? null,
    }
    return new StepResponse(claimed, { job_id: job.id, owner })
  },
  async (lease, { container }) => {
    if (lease) {
      await container
        .resolve(Modules.LOCKING)
        .release(jobLockKey(lease.job_id), { ownerId: lease.owner })
    }
  }
)

export const recordBackorderJobProgressStepId = "record-backorder-job-progress"

export type BackorderJobProgress = {
  job: {
    id: string
    kind: string
    status: string
    total: number
    processed: number
    failed: number
    progress: number
  } | null
  finished: boolean
  has_next: boolean
}

/**
 * Checkpoints one processed order of a job: its result, the counters, the
 * progress % and the heartbeat; finishes the job when nothing is left; keeps
 * the job's waiting orders' pendingprocess time fresh (they are not stuck
 * while the job moves). Gives the job's lease back. Compensation restores
 * the job as it was.
 */
export const recordBackorderJobProgressStep = createStep(
  recordBackorderJobProgressStepId,
  async (
    input: { claim: ClaimedJobItem; result: NetworkDivideOutcome | null },
    { container }
  ): Promise<StepResponse<BackorderJobProgress, any>> => {
    const { claim, result } = input
    if (!claim.claimed) {
      return new StepResponse<BackorderJobProgress, null>(
        { job: null, finished: false, has_next: false },
        null
      )
    }
    const backorders = service(container)
    const [job] = await backorders.listBackorderJobs({ id: claim.job_id })
    const previous = {
      id: job.id,
      status: job.status,
      processed: job.processed,
      failed: job.failed,
      progress: job.progress,
      heartbeat_at: job.heartbeat_at,
      finished_at: job.finished_at,
      items: job.items,
    }
    const items = (job.items as unknown as BackorderJobItem[]).map((item) =>
      claim.item && result && item.backorder_id === claim.item.backorder_id
        ? {
            ...item,
            state:
              result.outcome === "released"
                ? ("done" as const)
                : result.outcome === "failed"
                  ? ("failed" as const)
                  : ("skipped" as const),
            outcome: result.outcome,
            ...(result.reason ? { reason: result.reason } : {}),
            allocations: result.allocations,
          }
        : item
    )
    const processed = items.filter((item) => item.state !== "pending").length
    const failed = items.filter((item) => item.state === "failed").length
    const finished = processed === items.length
    const now = new Date()
    const updated = await backorders.updateBackorderJobs({
      id: job.id,
      items: items as unknown as Record<string, unknown>,
      processed,
      failed,
      progress: items.length
        ? Math.round((processed / items.length) * 1000) / 10
        : 100,
      heartbeat_at: now,
      ...(finished
        ? {
            status:
              failed === items.length && items.length ? "failed" : "succeeded",
            finished_at: now,
          }
        : {}),
    })
    const remaining = items
      .filter((item) => item.state === "pending")
      .map((item) => item.backorder_id)
    if (remaining.length) {
      await backorders.updateBackorders(
        remaining.map((id) => ({
          id,
          pendingprocess: NETWORK_DIVIDE_PROCESS,
          pendingprocess_at: now,
        }))
      )
    }
    if (claim.lock_owner) {
      await container
        .resolve(Modules.LOCKING)
        .release(jobLockKey(job.id), { ownerId: claim.lock_owner })
    }
    const progress: BackorderJobProgress = {
      job: {
        id: updated.id,
        kind: updated.kind,
        status: updated.status,
        total: updated.total,
        processed: updated.processed,
        failed: updated.failed,
        progress: updated.progress,
      },
      finished,
      has_next: !finished,
    }
    return new StepResponse<BackorderJobProgress, typeof previous | null>(
      progress,
      previous
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await service(container).updateBackorderJobs(previous as any)
    }
  }
)

export const markStuckBackorderJobsStepId = "mark-stuck-backorder-jobs"

/**
 * Marks jobs with no heartbeat for `stuck_after_minutes` as stuck (the sweep
 * runs this). Compensation puts their previous status back.
 */
export const markStuckBackorderJobsStep = createStep(
  markStuckBackorderJobsStepId,
  async (_: Record<string, never>, { container }) => {
    const backorders = service(container)
    const { stuck_after_minutes } = await backorders.getSettings()
    const marked = await backorders.markStuckJobs(
      new Date(Date.now() - stuck_after_minutes * 60_000)
    )
    return new StepResponse(
      marked.map((job) => job.id),
      marked
    )
  },
  async (marked, { container }) => {
    if (marked?.length) {
      await service(container).updateBackorderJobs(
        marked.map((job) => ({
          id: job.id,
          status: job.status as "queued" | "running",
        }))
      )
    }
  }
)

export const resumeBackorderJobStepId = "resume-backorder-job"

/**
 * Puts a stuck (or stalled) job back in the queue from its last checkpoint.
 * A finished job cannot be resumed (400). Compensation restores its status.
 */
export const resumeBackorderJobStep = createStep(
  resumeBackorderJobStepId,
  async (input: { job_id: string }, { container }) => {
    const backorders = service(container)
    const job = await backorders.retrieveBackorderJob(input.job_id)
    if (
      job.status === "succeeded" ||
      (job.status === "failed" && job.finished_at)
    ) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Backorder job ${job.id} is ${job.status}: only unfinished jobs can be resumed`
      )
    }
    await backorders.updateBackorderJobs({
      id: job.id,
      status: "queued",
      heartbeat_at: new Date(),
    })
    return new StepResponse(
      { id: job.id },
      { id: job.id, status: job.status, heartbeat_at: job.heartbeat_at }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await service(container).updateBackorderJobs(previous)
    }
  }
)

export const resetBackorderJobStepId = "reset-backorder-job"

/**
 * Stops a job and returns the orders it has not processed to the state they
 * had before it queued them; answers their order ids so they can be
 * re-planned. Waits for the job's lease so it never races an order being
 * processed. A finished job cannot be reset (400). Compensation restores the
 * job and the orders.
 */
export const resetBackorderJobStep = createStep(
  resetBackorderJobStepId,
  async (input: { job_id: string; actor: PlanActor }, { container }) => {
    const backorders = service(container)
    const locking = container.resolve(Modules.LOCKING)
    const job = await backorders.retrieveBackorderJob(input.job_id)
    if (job.finished_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Backorder job ${job.id} is ${job.status}: only unfinished jobs can be reset`
      )
    }
    // Wait until no process holds the job's lease (an order being processed).
    const { lock_timeout_seconds } = await backorders.getSettings()
    await locking.execute([jobLockKey(job.id)], async () => undefined, {
      timeout: lock_timeout_seconds,
    })
    const items = job.items as unknown as BackorderJobItem[]
    const pending = items.filter((item) => item.state === "pending")
    const current = pending.length
      ? await backorders.listBackorders({
          id: pending.map((item) => item.backorder_id),
        })
      : []
    const restorable = pending.filter((item) =>
      current.some(
        (b) =>
          b.id === item.backorder_id &&
          b.pendingprocess === NETWORK_DIVIDE_PROCESS
      )
    )
    if (restorable.length) {
      await backorders.updateBackorders(
        restorable.map((item) => ({
          id: item.backorder_id,
          pendingprocess: item.previous.pendingprocess,
          pendingprocess_at: item.previous.pendingprocess_at
            ? new Date(item.previous.pendingprocess_at)
            : null,
        }))
      )
    }
    const now = new Date()
    await backorders.updateBackorderJobs({
      id: job.id,
      status: "failed",
      finished_at: now,
      heartbeat_at: now,
      error: `Reset by ${input.actor.id ?? input.actor.type}: ${pending.length} unprocessed order(s) returned to their previous state`,
      items: items.map((item) =>
        item.state === "pending"
          ? {
              ...item,
              state: "skipped",
              reason: "the job was reset before this order",
            }
          : item
      ) as unknown as Record<string, unknown>,
    })
    return new StepResponse(
      {
        id: job.id,
        kind: job.kind,
        order_ids: pending.map((item) => item.order_id),
      },
      {
        job: {
          id: job.id,
          status: job.status,
          finished_at: job.finished_at,
          heartbeat_at: job.heartbeat_at,
          error: job.error,
          items: job.items,
        },
        restored: restorable.map((item) => ({
          id: item.backorder_id,
          pendingprocess: NETWORK_DIVIDE_PROCESS,
        })),
      }
    )
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const backorders = service(container)
    if (previous.restored.length) {
      await backorders.updateBackorders(previous.restored)
    }
    await backorders.updateBackorderJobs(previous.job as any)
  }
)

export const clearStaleBackorderProcessStepId = "clear-stale-backorder-process"

/**
 * Repair for one backorder: a `network_divide_process` marker that no queued
 * or running job still holds is cleared (the plan that follows sets the right
 * status again). Compensation restores the marker.
 */
export const clearStaleBackorderProcessStep = createStep(
  clearStaleBackorderProcessStepId,
  async (input: { id: string }, { container }) => {
    const backorders = service(container)
    const backorder = await backorders.retrieveBackorder(input.id)
    const result = {
      id: backorder.id,
      order_id: backorder.order_id,
      cleared: false,
    }
    if (backorder.pendingprocess !== NETWORK_DIVIDE_PROCESS) {
      return new StepResponse(result, null)
    }
    const active = await backorders.listBackorderJobs({
      status: [...ACTIVE_JOB_STATUSES],
    })
    const held = active.some((job) =>
      (job.items as unknown as BackorderJobItem[]).some(
        (item) => item.backorder_id === backorder.id && item.state === "pending"
      )
    )
    if (held) {
      return new StepResponse(result, null)
    }
    await backorders.updateBackorders({
      id: backorder.id,
      pendingprocess: null,
      pendingprocess_at: null,
    })
    return new StepResponse(
      { ...result, cleared: true },
      {
        id: backorder.id,
        pendingprocess: backorder.pendingprocess,
        pendingprocess_at: backorder.pendingprocess_at,
      }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await service(container).updateBackorders(previous)
    }
  }
)

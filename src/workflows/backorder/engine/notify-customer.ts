import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import { iso } from "../../../utils/iso"

export type CustomerNotice =
  | { kind: "backordered"; backorder_id: string; trigger: string }
  | { kind: "released"; backorder_id: string; trigger: string }
  | {
      kind: "estimate_changed"
      backorder_id: string
      trigger: string
      before: string | null
      after: string | null
    }

const DAY_MS = 24 * 60 * 60 * 1000

/** Whether a moved estimate is worth telling the customer (a date they were given moved by more than `days`, or went away). */
export function estimateWorthTelling(
  before: string | null,
  after: string | null,
  days: number
): boolean {
  if (!before) {
    return false
  }
  if (!after) {
    return true
  }
  return Math.abs(Date.parse(after) - Date.parse(before)) > days * DAY_MS
}

/**
 * Tells the order's customer, through Medusa's Notification Module, that
 * the order is backordered (which items wait, the estimated date), released,
 * or that its estimated date moved (DESIGN D12). One notification per order
 * and state: the idempotency key makes a replayed event send nothing. A
 * failing provider is logged and never fails the backorder work (Medusa
 * stores the failed notification; a later replay retries it). Answers
 * whether a notification was created.
 */
export async function notifyCustomer(
  container: MedusaContainer,
  notice: CustomerNotice
): Promise<boolean> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const { notifications } = service.getOptions()
  if (!notifications) {
    return false
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const [backorder] = await service.listBackorders(
    { id: notice.backorder_id },
    { relations: ["lines"] }
  )
  if (!backorder?.email) {
    return false
  }
  if (
    notice.kind === "estimate_changed" &&
    (!(WAITING_STATUSES as string[]).includes(backorder.status) ||
      !estimateWorthTelling(
        notice.before,
        notice.after,
        notifications.estimate_change_days
      ))
  ) {
    return false
  }
  const state =
    notice.kind === "released"
      ? (iso(backorder.released_at) ?? "released")
      : notice.kind === "estimate_changed"
        ? (notice.after ?? "none")
        : "created"
  const waiting = (backorder.lines ?? []).filter(
    (line) => line.quantity > line.quantity_covered
  )
  // Told already (a replay): nothing to send. After failed attempts, a new
  // attempt gets its own key (Medusa 2.21 cannot re-send a failed row under
  // the same key: it sends and then fails to update a row it never created).
  const notificationModule = container.resolve(Modules.NOTIFICATION)
  const baseKey = `backorders:${notice.kind}:${backorder.id}:${state}`
  // The first attempt by its exact key (the table's unique index); the
  // retries, by prefix, only when that one failed — a prefix match cannot
  // use the index, and a release of thousands must not scan the table per
  // order.
  const first = await notificationModule.listNotifications(
    // A column filter every module list accepts; the DTO type omits it.
    { idempotency_key: baseKey } as any,
    { select: ["id", "status"] }
  )
  const attempts =
    first.length && first[0].status === "failure"
      ? await notificationModule.listNotifications(
          // `$like` is a filter every module list accepts; the DTO type omits it.
          { idempotency_key: { $like: `${baseKey}%` } } as any,
          { select: ["id", "status"] }
        )
      : first
  if (attempts.some((n) => n.status !== "failure")) {
    return false
  }
  const idempotencyKey = attempts.length
    ? `${baseKey}:retry-${attempts.length}`
    : baseKey
  if (
    notice.kind === "estimate_changed" &&
    notice.after &&
    Date.parse(notice.after) <= Date.now()
  ) {
    // Ready now: the release notification follows.
    return false
  }
  try {
    const created = await notificationModule.createNotifications({
      to: backorder.email,
      channel: notifications.channel,
      template: notifications.templates[notice.kind],
      trigger_type: notice.trigger,
      resource_id: backorder.order_id,
      resource_type: "order",
      receiver_id: backorder.customer_id ?? null,
      idempotency_key: idempotencyKey,
      data: {
        order_id: backorder.order_id,
        display_id: backorder.order_display_id,
        status: notice.kind === "released" ? "ready" : "waiting",
        estimated_at:
          notice.kind === "estimate_changed"
            ? notice.after
            : iso(backorder.estimated_at),
        ...(notice.kind === "estimate_changed"
          ? { previous_estimated_at: notice.before }
          : {}),
        items: (notice.kind === "released"
          ? (backorder.lines ?? [])
          : waiting
        ).map((line) => ({
          title: line.title,
          sku: line.sku ?? null,
          quantity: line.quantity,
          quantity_waiting:
            notice.kind === "released"
              ? 0
              : line.quantity - line.quantity_covered,
        })),
      },
    })
    return !!created
  } catch (error) {
    logger.warn(
      `medusa-plugin-backorders: could not notify ${backorder.email} that order #${backorder.order_display_id} is ${notice.kind.replace("_", " ")} (${(error as Error).message}); the backorder is unaffected.`
    )
    return false
  }
}

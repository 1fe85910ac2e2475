import type { WorkflowStepHandlerArguments } from "@medusajs/framework/orchestration"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import { setTimeout as sleep } from "node:timers/promises"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../modules/backorder"
import type { StepHandlers } from "../core-steps/insert-steps"
import { checkFulfillment, type GateOrderItem } from "./check"

/** The input of Medusa's `create-order-fulfillment` workflow, as far as the gate reads it. */
export type OrderFulfillmentInput = {
  order_id: string
  items?: { id: string; quantity: number }[]
}

/** The run's input and its transaction id (the lock's owner). */
const runOf = ({ payload, transaction }: WorkflowStepHandlerArguments) => ({
  input: payload as OrderFulfillmentInput,
  owner: transaction.transactionId,
})

const RETRY_MS = 200

/** Fails closed: a gate that cannot read a quantity must not let the fulfilment through. */
function finite(value: unknown, itemId: string): number {
  const number = Number(value)
  if (!Number.isFinite(number)) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `The fulfilment gate could not read the quantities of order item ${itemId} (got ${String(value)}).`
    )
  }
  return number
}

async function readOrder(container: MedusaContainer, orderId: string) {
  const { data } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({
      entity: "order",
      fields: [
        "id",
        "display_id",
        "items.*",
        "items.detail.fulfilled_quantity",
      ],
      filters: { id: orderId },
    })
  const order = data[0] as
    | {
        id: string
        display_id?: number | null
        items?:
          | ({
              id: string
              title: string
              product_title?: string | null
              variant_title?: string | null
              variant_sku?: string | null
              quantity: number | string
              detail?: { fulfilled_quantity?: number | string } | null
            } | null)[]
          | null
      }
    | undefined
  if (!order) {
    return null
  }
  return {
    id: order.id,
    display_id: order.display_id ?? null,
    items: (order.items ?? [])
      .filter((item) => !!item)
      .map((item): GateOrderItem => ({
        id: item!.id,
        title: [item!.product_title ?? item!.title, item!.variant_title]
          .filter((part, i, parts) => part && parts.indexOf(part) === i)
          .join(" — "),
        sku: item!.variant_sku ?? null,
        quantity: finite(item!.quantity, item!.id),
        fulfilled_quantity: finite(
          item!.detail?.fulfilled_quantity ?? 0,
          item!.id
        ),
      })),
  }
}

/**
 * Takes the order's fulfilment lock for this workflow run, waiting up to
 * `fulfillment_wait_seconds` while another run holds it; a 409 naming the
 * holder's lease otherwise.
 */
async function takeOrderLock(
  service: BackorderModuleService,
  orderId: string,
  owner: string
) {
  const options = service.getOptions()
  const giveUpAt = Date.now() + options.fulfillment_wait_seconds * 1000
  for (;;) {
    if (
      await service.acquireFulfillmentLock(
        orderId,
        owner,
        options.fulfillment_lease_seconds
      )
    ) {
      return
    }
    if (Date.now() >= giveUpAt) {
      const holder = await service.getFulfillmentLock(orderId)
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Another fulfilment of order ${orderId} is being created; try again when it has finished${
          holder
            ? ` (if the process creating it stopped, the order is free again at ${holder.expires_at})`
            : ""
        }.`
      )
    }
    await sleep(RETRY_MS)
  }
}

/**
 * First step of `create-order-fulfillment` (DESIGN D11): takes the order's
 * fulfilment lock, so fulfilments of one order run one at a time, then checks
 * — on the order as it is now, after any fulfilment that ran before — that
 * nothing ships beyond an item's unfulfilled quantity nor a waiting
 * backorder's released units. A refusal (400) gives the lock back and writes
 * nothing; otherwise the lock is held until the release step, or until the
 * workflow's compensation reaches this step.
 */
export const fulfillmentGateHandler: StepHandlers = {
  invoke: async (args) => {
    const { container } = args
    const { input: payload, owner } = runOf(args)
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    await takeOrderLock(service, payload.order_id, owner)
    try {
      const order = await readOrder(container, payload.order_id)
      if (!order) {
        // Medusa's own steps answer for an unknown order.
        return { order_id: payload.order_id, owner }
      }
      const [backorder] = await service.listBackorders(
        { order_id: payload.order_id, status: WAITING_STATUSES },
        { relations: ["lines"] }
      )
      const refusal = checkFulfillment({
        order,
        backorder: backorder
          ? {
              id: backorder.id,
              lines: (backorder.lines ?? []).map((line) => ({
                line_item_id: line.line_item_id,
                title: line.title,
                sku: line.sku ?? null,
                quantity: line.quantity,
                quantity_covered: line.quantity_covered,
                quantity_released: line.quantity_released,
              })),
            }
          : null,
        requested: payload.items ?? [],
      })
      if (refusal) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal.message)
      }
      return { order_id: payload.order_id, owner }
    } catch (error) {
      await service.releaseFulfillmentLock(payload.order_id, owner)
      throw error
    }
  },
  compensate: async (args) => {
    const { input, owner } = runOf(args)
    await args.container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .releaseFulfillmentLock(input.order_id, owner)
  },
}

/**
 * Last step of `create-order-fulfillment`: the fulfilment is registered on
 * the order, so the next fulfilment of it may read the order.
 */
export const fulfillmentGateReleaseHandler: StepHandlers = {
  invoke: async (args) => {
    const { input, owner } = runOf(args)
    await args.container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .releaseFulfillmentLock(input.order_id, owner)
  },
}

import { createOrdersWorkflowId } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../modules/backorder"
import { BACKORDER_CHANGES_QUEUED_EVENT } from "../backorder/events"
import {
  insertWorkflowSteps,
  type StepHandlers,
} from "../core-steps/insert-steps"

export const ORDER_CREATED_STEP = "backorders-order-created"
/** Medusa 2.21's `create-orders` step and the hook that ends the workflow. */
const CREATE_ORDERS_STEP = "create-orders"
const LAST_STEP = "orderCreated"
export const ORDER_CREATED_REASON = "create-order-workflow"

/**
 * The ids of the orders `create-orders` answered. The orchestrator keeps a
 * step's result wrapped (workflow data around the step response, each with
 * an `__type` and the value in `output`).
 */
export function createdOrderIds(result: unknown): string[] {
  let output = result
  while (
    output &&
    typeof output === "object" &&
    "__type" in output &&
    "output" in output
  ) {
    output = (output as { output: unknown }).output
  }
  return ([] as unknown[])
    .concat(output ?? [])
    .map((order) =>
      order && typeof order === "object"
        ? (order as { id?: unknown }).id
        : undefined
    )
    .filter((id): id is string => typeof id === "string")
}

/**
 * Last step of Medusa's `create-order` workflow (orders created by code, and
 * draft orders): the order emits no `order.placed` and holds no reservation,
 * so nothing else would tell the plugin of it. Queues the order for planning
 * and tells the workers (drafts are left alone by detection until they are
 * converted, which emits `order.placed`).
 */
const orderCreatedHandler: StepHandlers = {
  invoke: async ({ container, invoke }) => {
    const ids = createdOrderIds(invoke[CREATE_ORDERS_STEP])
    if (!ids.length) {
      return { order_ids: [] }
    }
    await container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .enqueueChanges(
        ids.map((order_id) => ({ order_id, reason: ORDER_CREATED_REASON }))
      )
    await container.resolve(Modules.EVENT_BUS).emit({
      name: BACKORDER_CHANGES_QUEUED_EVENT,
      data: { order_ids: ids },
    })
    return { order_ids: ids }
  },
}

/** Puts the step above after the last step of `create-order`. Idempotent. */
export function installOrderCreatedStep(): "installed" | "already installed" {
  return insertWorkflowSteps(
    createOrdersWorkflowId,
    [
      {
        action: ORDER_CREATED_STEP,
        after: LAST_STEP,
        handler: orderCreatedHandler,
        noCompensation: true,
      },
    ],
    "orders created by code would not be checked for backorders"
  )
}

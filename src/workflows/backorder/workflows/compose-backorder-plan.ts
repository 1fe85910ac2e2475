import { emitEventStep } from "@medusajs/medusa/core-flows"
import { transform, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { PlanActor } from "../../../types/backorder"
import { BackorderEvents } from "../events"
import {
  loadBackorderPlanInputStep,
  reconcileBackorderReservationsStep,
  saveBackorderPlanStep,
} from "../steps"
import {
  buildBackorderPlan,
  type PlanIntent,
} from "../utils/build-backorder-plan"

export type ComposeBackorderPlanInput = {
  inventory_item_ids: string[] | WorkflowData<string[]>
  order_ids?: string[] | WorkflowData<string[]>
  actor: PlanActor | WorkflowData<PlanActor>
  intent?: PlanIntent | WorkflowData<PlanIntent>
}

/**
 * The shared middle of every planning workflow, to be called inside a
 * workflow body between the lock steps: load under the lock → pure plan →
 * reservations → records → events. Each step compensates its own writes.
 */
export function composeBackorderPlan(input: ComposeBackorderPlanInput) {
  const snapshot = loadBackorderPlanInputStep({
    inventory_item_ids: input.inventory_item_ids,
    order_ids: input.order_ids,
  })
  const plan = transform(
    { snapshot, intent: input.intent },
    ({ snapshot, intent }) => buildBackorderPlan(snapshot, intent ?? {})
  )

  const reservationsInput = transform({ plan }, ({ plan }) => plan.reservations)
  const reservations = reconcileBackorderReservationsStep(reservationsInput)

  const saveInput = transform(
    { plan, actor: input.actor },
    ({ plan, actor }) => ({
      records: plan.records,
      actor,
    })
  )
  const saved = saveBackorderPlanStep(saveInput)

  const eventData = transform({ plan, saved }, ({ plan, saved }) => ({
    created: saved.created.map(({ id, order_id }) => ({ id, order_id })),
    released: plan.released,
    canceled: plan.canceled,
    divided: plan.divided,
    network_divided: plan.network_divided,
  }))
  emitEventStep({
    eventName: BackorderEvents.CREATED,
    data: eventData.created,
  }).config({
    name: "emit-backorder-created",
  })
  emitEventStep({
    eventName: BackorderEvents.RELEASED,
    data: eventData.released,
  }).config({
    name: "emit-backorder-released",
  })
  emitEventStep({
    eventName: BackorderEvents.CANCELED,
    data: eventData.canceled,
  }).config({
    name: "emit-backorder-canceled",
  })
  emitEventStep({
    eventName: BackorderEvents.DIVIDED,
    data: eventData.divided,
  }).config({
    name: "emit-backorder-divided",
  })
  emitEventStep({
    eventName: BackorderEvents.NETWORK_DIVIDED,
    data: eventData.network_divided,
  }).config({
    name: "emit-backorder-network-divided",
  })

  return transform(
    { plan, saved, reservations },
    ({ plan, saved, reservations }) => ({
      created: saved.created,
      released: plan.released,
      canceled: plan.canceled,
      divided: plan.divided,
      divide_results: plan.divide_results,
      network_results: plan.network_results,
      reservations,
    })
  )
}

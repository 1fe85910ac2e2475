import {
  createWorkflow,
  transform,
  type WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  adjustInventoryLevelsStep,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { BACKORDER_ARRIVALS_CHANGED_EVENT } from "../backorder/events"
import {
  type ArrivalChanges,
  type ArrivalInput,
  changeArrivalStep,
  createArrivalsStep,
  syncIncomingQuantityStep,
  validateArrivalLevelsStep,
} from "./steps"

/** Composition helper: the items whose arrivals changed get their dates recomputed (a subscriber). */
const emitArrivalsChanged = (inventoryItemIds: WorkflowData<string[]>) =>
  emitEventStep({
    eventName: BACKORDER_ARRIVALS_CHANGED_EVENT,
    data: transform({ inventoryItemIds }, ({ inventoryItemIds }) => ({
      inventory_item_ids: inventoryItemIds,
    })),
  })

export const createBackorderArrivalsWorkflowId = "create-backorder-arrivals"

/**
 * Records expected arrivals (DESIGN D12) and raises the levels'
 * `incoming_quantity` by what they bring. Every level must exist.
 */
export const createBackorderArrivalsWorkflow = createWorkflow(
  createBackorderArrivalsWorkflowId,
  (input: { arrivals: ArrivalInput[]; created_by?: string | null }) => {
    validateArrivalLevelsStep({ levels: input.arrivals })
    const arrivals = createArrivalsStep(input)
    syncIncomingQuantityStep({ levels: input.arrivals })
    emitArrivalsChanged(
      transform({ input }, ({ input }) =>
        input.arrivals.map((a) => a.inventory_item_id)
      )
    )
    return new WorkflowResponse(arrivals)
  }
)

export const updateBackorderArrivalWorkflowId = "update-backorder-arrival"

/** Edits an expected arrival (quantity, date, reference, location). */
export const updateBackorderArrivalWorkflow = createWorkflow(
  updateBackorderArrivalWorkflowId,
  (input: { id: string } & ArrivalChanges) => {
    const changed = changeArrivalStep(
      transform({ input }, ({ input }) => {
        const { id, ...edit } = input
        return { id, edit }
      })
    )
    // A new location must have a level too (checked after: compensation undoes the edit).
    const levels = transform({ changed }, ({ changed }) => [
      changed.before,
      changed.after,
    ])
    validateArrivalLevelsStep({ levels })
    syncIncomingQuantityStep({ levels })
    emitArrivalsChanged(
      transform({ changed }, ({ changed }) => [changed.after.inventory_item_id])
    )
    return new WorkflowResponse(
      transform({ changed }, ({ changed }) => changed.after)
    )
  }
)

export const receiveBackorderArrivalWorkflowId = "receive-backorder-arrival"

/**
 * Receives an expected arrival (all of what it still brings, or `quantity`
 * units): adds the units to the level's stock through Medusa's inventory
 * module — whose level event puts the item in the plugin's change queue, so
 * waiting orders release as for any restock — and lowers `incoming_quantity`.
 */
export const receiveBackorderArrivalWorkflow = createWorkflow(
  receiveBackorderArrivalWorkflowId,
  (input: { id: string; quantity?: number }) => {
    const changed = changeArrivalStep(
      transform({ input }, ({ input }) => ({
        id: input.id,
        receive: { quantity: input.quantity },
      }))
    )
    adjustInventoryLevelsStep(
      transform({ changed }, ({ changed }) => [
        {
          inventory_item_id: changed.after.inventory_item_id,
          location_id: changed.after.location_id,
          adjustment: changed.received,
        },
      ])
    )
    syncIncomingQuantityStep({
      levels: transform({ changed }, ({ changed }) => [changed.after]),
    })
    emitArrivalsChanged(
      transform({ changed }, ({ changed }) => [changed.after.inventory_item_id])
    )
    return new WorkflowResponse(
      transform({ changed }, ({ changed }) => changed.after)
    )
  }
)

export const cancelBackorderArrivalWorkflowId = "cancel-backorder-arrival"

/** Cancels an expected arrival: its units are no longer incoming. */
export const cancelBackorderArrivalWorkflow = createWorkflow(
  cancelBackorderArrivalWorkflowId,
  (input: { id: string }) => {
    const changed = changeArrivalStep(
      transform({ input }, ({ input }) => ({ id: input.id, cancel: true }))
    )
    syncIncomingQuantityStep({
      levels: transform({ changed }, ({ changed }) => [changed.after]),
    })
    emitArrivalsChanged(
      transform({ changed }, ({ changed }) => [changed.after.inventory_item_id])
    )
    return new WorkflowResponse(
      transform({ changed }, ({ changed }) => changed.after)
    )
  }
)

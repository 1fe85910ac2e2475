import type {
  IInventoryService,
  ReservationItemDTO,
} from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ReservationChanges } from "../utils/build-backorder-plan"

export const reconcileBackorderReservationsStepId =
  "reconcile-backorder-reservations"

type Undo = {
  created: string[]
  updated: {
    id: string
    quantity?: number
    metadata?: Record<string, unknown> | null
  }[]
  deleted: ReservationItemDTO[]
}

const RESERVATION_DESCRIPTION = "Backorder coverage (medusa-plugin-backorders)"

async function undo(inventory: IInventoryService, done: Undo): Promise<void> {
  if (done.created.length) {
    await inventory.deleteReservationItems(done.created)
  }
  if (done.updated.length) {
    await inventory.updateReservationItems(done.updated)
  }
  if (done.deleted.length) {
    await inventory.createReservationItems(
      done.deleted.map((r) => ({
        line_item_id: r.line_item_id ?? undefined,
        inventory_item_id: r.inventory_item_id,
        location_id: r.location_id,
        quantity: r.quantity,
        allow_backorder: r.allow_backorder ?? true,
        description: r.description ?? undefined,
        created_by: r.created_by ?? undefined,
        metadata: r.metadata ?? undefined,
      }))
    )
  }
}

/**
 * Makes Medusa's reservations equal to the plan's coverage: deletes and
 * shrinks first, so every grow and create finds the stock it was planned
 * against. Compensation (and a failure half-way) restores the reservations as
 * they were: created ones are deleted, changed quantities put back, deleted
 * ones re-created.
 */
export const reconcileBackorderReservationsStep = createStep(
  reconcileBackorderReservationsStepId,
  async (changes: ReservationChanges, { container }) => {
    const inventory = container.resolve<IInventoryService>(Modules.INVENTORY)
    const done: Undo = { created: [], updated: [], deleted: [] }
    const shrinks = changes.update.filter((u) => u.quantity < u.previous)
    const grows = changes.update.filter((u) => u.quantity > u.previous)

    try {
      if (changes.delete.length) {
        const doomed = await inventory.listReservationItems({
          id: changes.delete,
        })
        await inventory.deleteReservationItems(changes.delete)
        done.deleted.push(...doomed)
      }
      for (const batch of [shrinks, grows]) {
        if (batch.length) {
          await inventory.updateReservationItems(
            batch.map(({ id, quantity, metadata }) => ({
              id,
              quantity,
              ...(metadata !== undefined ? { metadata } : {}),
            }))
          )
          done.updated.push(
            ...batch.map(({ id, previous, metadata, previous_metadata }) => ({
              id,
              quantity: previous,
              ...(metadata !== undefined
                ? { metadata: previous_metadata ?? null }
                : {}),
            }))
          )
        }
      }
      if (changes.mark.length) {
        await inventory.updateReservationItems(
          changes.mark.map(({ id, metadata }) => ({ id, metadata }))
        )
        done.updated.push(
          ...changes.mark.map(({ id, previous_metadata }) => ({
            id,
            metadata: previous_metadata,
          }))
        )
      }
      if (changes.create.length) {
        const created = await inventory.createReservationItems(
          changes.create.map((create) => ({
            ...create,
            // Medusa checks stock for reservations without allow_backorder:
            // a second guard behind the planner.
            allow_backorder: false,
            description: RESERVATION_DESCRIPTION,
          }))
        )
        done.created.push(...created.map((r) => r.id))
      }
    } catch (error) {
      await undo(inventory, done)
      throw error
    }
    return new StepResponse(
      {
        created: changes.create.length,
        updated: changes.update.length,
        deleted: changes.delete.length,
      },
      done
    )
  },
  async (done, { container }) => {
    if (!done) {
      return
    }
    await undo(container.resolve<IInventoryService>(Modules.INVENTORY), done)
  }
)

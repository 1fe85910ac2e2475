import type {
  IInventoryService,
  ReservationItemDTO,
} from "@medusajs/framework/types"
import { CHECKED_METADATA_KEY, type ReservationChanges } from "../../../planner"
import { newId } from "../../../utils/ids"

/** What `applyReservationChanges` did, so `undoReservationChanges` can put it back. */
export type ReservationUndo = {
  created: string[]
  updated: {
    id: string
    quantity?: number
    metadata?: Record<string, unknown> | null
  }[]
  deleted: ReservationItemDTO[]
}

const RESERVATION_DESCRIPTION = "Backorder coverage (medusa-plugin-backorders)"

/**
 * Whether a plan has looked at this (checkout) reservation: its metadata
 * carries the plugin's marker. The string "true" counts too, as it does in
 * `UNCHECKED_RESERVATIONS` (PostgreSQL compares the marker as text).
 */
export const isCheckedReservation = (metadata: unknown): boolean => {
  const value = (metadata as Record<string, unknown> | null | undefined)?.[
    CHECKED_METADATA_KEY
  ]
  return value === true || value === "true"
}

/**
 * Filter (for `listReservationItems`) of the reservations no plan has looked
 * at yet. Matched by PostgreSQL on the metadata column, so a plan reads the
 * few new checkout reservations of its items, not every open order's:
 * reservations of orders in stock but not yet shipped stay, marked, until
 * they are fulfilled (DESIGN D9).
 */
export const UNCHECKED_RESERVATIONS = {
  $or: [
    { metadata: null },
    { metadata: { [CHECKED_METADATA_KEY]: null } },
    { metadata: { [CHECKED_METADATA_KEY]: { $ne: true } } },
  ],
}

/** Puts reservations back as they were before `applyReservationChanges`. */
export async function undoReservationChanges(
  inventory: IInventoryService,
  done: ReservationUndo
): Promise<void> {
  for (const ids of chunked(done.created)) {
    await inventory.deleteReservationItems(ids)
  }
  for (const part of chunked(done.updated)) {
    await inventory.updateReservationItems(part)
  }
  for (const part of chunked(done.deleted)) {
    await inventory.createReservationItems(
      part.map((r) => ({
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
 * Reservations go to Medusa's inventory module a thousand at a time: the
 * module builds an ORM entity per row, so one call per chunk bounds the
 * memory a large release needs.
 */
const CHUNK = 1000

function chunked<T>(items: T[]): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += CHUNK) {
    chunks.push(items.slice(index, index + CHUNK))
  }
  return chunks
}

/**
 * Makes Medusa's reservations equal to the plan's coverage: deletes and
 * shrinks first, so every grow and create finds the stock it was planned
 * against. A failure half-way puts back what was already done and rethrows.
 */
export async function applyReservationChanges(
  inventory: IInventoryService,
  changes: ReservationChanges
): Promise<ReservationUndo> {
  const done: ReservationUndo = { created: [], updated: [], deleted: [] }
  const shrinks = changes.update.filter((u) => u.quantity < u.previous)
  const grows = changes.update.filter((u) => u.quantity > u.previous)
  try {
    for (const ids of chunked(changes.delete)) {
      const doomed = await inventory.listReservationItems({ id: ids })
      await inventory.deleteReservationItems(ids)
      done.deleted.push(...doomed)
    }
    for (const batch of [shrinks, grows]) {
      for (const part of chunked(batch)) {
        await inventory.updateReservationItems(
          part.map(({ id, quantity, metadata }) => ({
            id,
            quantity,
            ...(metadata !== undefined ? { metadata } : {}),
          }))
        )
        done.updated.push(
          ...part.map(({ id, previous, metadata, previous_metadata }) => ({
            id,
            quantity: previous,
            ...(metadata !== undefined
              ? { metadata: previous_metadata ?? null }
              : {}),
          }))
        )
      }
    }
    for (const part of chunked(changes.mark)) {
      await inventory.updateReservationItems(
        part.map(({ id, metadata }) => ({ id, metadata }))
      )
      done.updated.push(
        ...part.map(({ id, previous_metadata }) => ({
          id,
          metadata: previous_metadata,
        }))
      )
    }
    for (const part of chunked(changes.create)) {
      const created = await inventory.createReservationItems(
        part.map((create) => ({
          // Medusa keeps an id it is given (its own format, from the pooled
          // generator: its default asks the OS for one byte per character).
          ...({ id: newId("resitem") } as object),
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
    await undoReservationChanges(inventory, done)
    throw error
  }
  return done
}

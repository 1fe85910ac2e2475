import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../modules/backorder"

export type ArrivalInput = {
  inventory_item_id: string
  location_id: string
  quantity: number
  expected_at: string | Date
  reference?: string | null
}

export type ArrivalChanges = {
  quantity?: number
  expected_at?: string | Date
  reference?: string | null
  location_id?: string
}

type Level = { inventory_item_id: string; location_id: string }
const levelKey = (l: Level) => `${l.inventory_item_id}\u0000${l.location_id}`

const service = (container: { resolve: <T>(key: string) => T }) =>
  container.resolve<BackorderModuleService>(BACKORDER_MODULE)

/** Arrivals can only be recorded for stock levels that exist: receiving adds to them. */
export const validateArrivalLevelsStep = createStep(
  "validate-arrival-levels",
  async (input: { levels: Level[] }, { container }) => {
    const wanted = [
      ...new Map(input.levels.map((l) => [levelKey(l), l])).values(),
    ]
    if (!wanted.length) {
      return new StepResponse(undefined)
    }
    const levels = await container
      .resolve(Modules.INVENTORY)
      .listInventoryLevels(
        {
          inventory_item_id: wanted.map((l) => l.inventory_item_id),
          location_id: wanted.map((l) => l.location_id),
        },
        { select: ["inventory_item_id", "location_id"] }
      )
    const found = new Set(levels.map(levelKey))
    const missing = wanted.filter((l) => !found.has(levelKey(l)))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `No stock level for ${missing
          .slice(0, 10)
          .map(
            (l) =>
              `inventory item ${l.inventory_item_id} at location ${l.location_id}`
          )
          .join(
            ", "
          )}: add the item to the location in Medusa first (receiving an arrival adds to that level).`
      )
    }
    return new StepResponse(undefined)
  }
)

export const createArrivalsStep = createStep(
  "create-arrivals",
  async (
    input: { arrivals: ArrivalInput[]; created_by?: string | null },
    { container }
  ) => {
    const created = await service(container).createBackorderArrivals(
      input.arrivals.map((a) => ({
        inventory_item_id: a.inventory_item_id,
        location_id: a.location_id,
        quantity: a.quantity,
        expected_at: new Date(a.expected_at),
        reference: a.reference ?? null,
        created_by: input.created_by ?? null,
      }))
    )
    return new StepResponse(
      created,
      created.map((a) => a.id)
    )
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await service(container).deleteBackorderArrivals(ids)
    }
  }
)

const ARRIVAL_FIELDS = [
  "id",
  "inventory_item_id",
  "location_id",
  "quantity",
  "received_quantity",
  "expected_at",
  "reference",
  "status",
  "received_at",
  "canceled_at",
] as const

/**
 * Changes an arrival that is still expected: edits, a receipt (of all or
 * part of what is still expected) or a cancellation. Refuses (400) what would
 * change a received or canceled arrival, or expect fewer units than were
 * received already. Compensation restores the row.
 */
export const changeArrivalStep = createStep(
  "change-arrival",
  async (
    input: {
      id: string
      edit?: ArrivalChanges
      receive?: { quantity?: number }
      cancel?: boolean
    },
    { container }
  ) => {
    const arrivals = service(container)
    const [before] = await arrivals.listBackorderArrivals(
      { id: input.id },
      { select: [...ARRIVAL_FIELDS] }
    )
    if (!before) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Arrival ${input.id} not found`
      )
    }
    if (before.status !== "expected") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Arrival ${input.id} is ${before.status}: only an expected arrival can be ${
          input.receive ? "received" : input.cancel ? "canceled" : "edited"
        }.`
      )
    }
    const outstanding = before.quantity - before.received_quantity
    const update: Record<string, unknown> = { id: input.id }
    let received = 0
    if (input.edit) {
      if (
        input.edit.quantity !== undefined &&
        input.edit.quantity <= before.received_quantity
      ) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `quantity must be more than the ${before.received_quantity} unit(s) already received (got ${input.edit.quantity}); cancel the arrival to expect nothing more.`
        )
      }
      Object.assign(update, {
        ...input.edit,
        ...(input.edit.expected_at
          ? { expected_at: new Date(input.edit.expected_at) }
          : {}),
      })
    }
    if (input.receive) {
      received = input.receive.quantity ?? outstanding
      if (received > outstanding) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `quantity must be at most the ${outstanding} unit(s) still expected (got ${received}).`
        )
      }
      update.received_quantity = before.received_quantity + received
      if (before.received_quantity + received === before.quantity) {
        update.status = "received"
        update.received_at = new Date()
      }
    }
    if (input.cancel) {
      update.status = "canceled"
      update.canceled_at = new Date()
    }
    const [after] = await arrivals.updateBackorderArrivals([update])
    return new StepResponse(
      { before, after, received },
      {
        id: before.id,
        location_id: before.location_id,
        quantity: before.quantity,
        received_quantity: before.received_quantity,
        expected_at: before.expected_at,
        reference: before.reference,
        status: before.status,
        received_at: before.received_at,
        canceled_at: before.canceled_at,
      }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await service(container).updateBackorderArrivals([previous])
    }
  }
)

/**
 * Keeps Medusa's `incoming_quantity` of each level equal to the units its
 * expected arrivals still bring. Compensation puts the previous values back.
 */
export const syncIncomingQuantityStep = createStep(
  "sync-incoming-quantity",
  async (input: { levels: Level[] }, { container }) => {
    const wanted = [
      ...new Map(input.levels.map((l) => [levelKey(l), l])).values(),
    ]
    if (!wanted.length) {
      return new StepResponse(undefined, [])
    }
    const inventory = container.resolve(Modules.INVENTORY)
    const expected = await service(container).listBackorderArrivals(
      {
        inventory_item_id: wanted.map((l) => l.inventory_item_id),
        location_id: wanted.map((l) => l.location_id),
        status: "expected",
      },
      {
        select: [
          "inventory_item_id",
          "location_id",
          "quantity",
          "received_quantity",
        ],
      }
    )
    const incoming = new Map<string, number>()
    for (const arrival of expected) {
      const key = levelKey(arrival)
      incoming.set(
        key,
        (incoming.get(key) ?? 0) + arrival.quantity - arrival.received_quantity
      )
    }
    const levels = (
      await inventory.listInventoryLevels(
        {
          inventory_item_id: wanted.map((l) => l.inventory_item_id),
          location_id: wanted.map((l) => l.location_id),
        },
        {
          select: [
            "id",
            "inventory_item_id",
            "location_id",
            "incoming_quantity",
          ],
        }
      )
    ).filter((level) => wanted.some((w) => levelKey(w) === levelKey(level)))
    const changed = levels.filter(
      (level) =>
        Number(level.incoming_quantity ?? 0) !==
        (incoming.get(levelKey(level)) ?? 0)
    )
    if (changed.length) {
      await inventory.updateInventoryLevels(
        changed.map((level) => ({
          inventory_item_id: level.inventory_item_id,
          location_id: level.location_id,
          incoming_quantity: incoming.get(levelKey(level)) ?? 0,
        }))
      )
    }
    return new StepResponse(
      undefined,
      changed.map((level) => ({
        inventory_item_id: level.inventory_item_id,
        location_id: level.location_id,
        incoming_quantity: Number(level.incoming_quantity ?? 0),
      }))
    )
  },
  async (previous, { container }) => {
    if (previous?.length) {
      await container.resolve(Modules.INVENTORY).updateInventoryLevels(previous)
    }
  }
)

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export type ResolveBackorderScopeInput = {
  /** Inventory items whose stock changed (omit with `all` for the sweep). */
  inventory_item_ids?: string[]
  /** Orders being detected, canceled or edited: their items join the scope. */
  order_ids?: string[]
  /** Backorders whose items join the scope (priority change). */
  backorder_ids?: string[]
  /** Plan every inventory item some waiting backorder needs. */
  all?: boolean
}

export const resolveBackorderScopeStepId = "resolve-backorder-scope"

/**
 * Finds the inventory items a plan must cover: the given items that have
 * waiting demand, the items of the given orders and backorders, and every item
 * connected to those through waiting backorders. The result (sorted) is the set
 * of lock keys. Read-only: nothing to compensate.
 */
export const resolveBackorderScopeStep = createStep(
  resolveBackorderScopeStepId,
  async (input: ResolveBackorderScopeInput, { container }) =>
    new StepResponse({
      inventory_item_ids: await resolveBackorderScope(container, input),
    })
)

/** The sorted inventory items (lock keys) a plan of `input` must cover. */
export async function resolveBackorderScope(
  container: MedusaContainer,
  input: ResolveBackorderScopeInput
): Promise<string[]> {
  const backorders = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const seeds = new Set<string>()
  // The stored backorders of the named orders add their items too (an
  // edited order may have lost the items it waited for).
  const backorderIds = [...(input.backorder_ids ?? [])]

  if (input.all || input.inventory_item_ids?.length) {
    // Items nobody waits for need no plan: most stock events stop here.
    const waiting = await backorders.listWaitingInventoryItemIds(
      input.all ? undefined : input.inventory_item_ids
    )
    waiting.forEach((id) => seeds.add(id))
  }
  if (input.order_ids?.length) {
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "items.variant.inventory_items.inventory_item_id"],
      filters: { id: input.order_ids },
    })
    for (const order of orders) {
      for (const item of order.items ?? []) {
        for (const link of item?.variant?.inventory_items ?? []) {
          if (link?.inventory_item_id) {
            seeds.add(link.inventory_item_id)
          }
        }
      }
    }
    const existing = await backorders.listBackorders(
      { order_id: input.order_ids },
      { select: ["id"] }
    )
    backorderIds.push(...existing.map((b) => b.id))
  }
  if (backorderIds.length) {
    const lines = await backorders.listBackorderLines(
      { backorder_id: backorderIds },
      {
        relations: ["components"],
        select: ["id", "components.inventory_item_id"],
      }
    )
    lines.forEach((line) =>
      line.components.forEach((c) => seeds.add(c.inventory_item_id))
    )
  }

  return seeds.size ? await backorders.expandInventoryScope([...seeds]) : []
}

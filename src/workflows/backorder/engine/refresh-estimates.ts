import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import { estimateArrivals } from "../../../planner"
import { BackorderEvents } from "../events"
import { loadEstimateInput } from "./estimate-input"
import { iso } from "../../../utils/iso"

export type EstimateChange = {
  id: string
  order_id: string
  before: string | null
  after: string | null
  reason: string | null
}

/**
 * Recomputes the estimated dates of the waiting orders of these inventory
 * items (all waiting orders when none are given), item group by item group
 * (an order waiting for A and B ties A to B): the planner receives the
 * expected arrivals date by date over each group's queue. Stores each
 * order's date and reason, and emits `backorder.estimate_changed` for every
 * order whose date moved. Reads without locks: a date is a forecast, and the
 * next refresh corrects one computed while a plan was writing.
 */
export async function refreshBackorderEstimates(
  container: MedusaContainer,
  inventoryItemIds?: string[]
): Promise<EstimateChange[]> {
  const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const remaining = new Set(
    await service.listWaitingInventoryItemIds(inventoryItemIds)
  )
  const changes: EstimateChange[] = []
  while (remaining.size) {
    const [seed] = remaining
    const group = await service.expandInventoryScope([seed])
    group.forEach((id) => remaining.delete(id))
    remaining.delete(seed)
    const { snapshot, arrivals } = await loadEstimateInput(
      container,
      group,
      [],
      true
    )
    const estimates = estimateArrivals(snapshot, arrivals)
    if (!estimates.length) {
      continue
    }
    const stored = new Map(
      (
        await service.listBackorders(
          { id: estimates.map((e) => e.backorder_id) },
          { select: ["id", "order_id", "estimated_at", "estimate_reason"] }
        )
      ).map((b) => [b.id, b])
    )
    const now = new Date()
    const updates = estimates.flatMap((estimate) => {
      const before = stored.get(estimate.backorder_id)
      if (!before) {
        return []
      }
      const previous = iso(before.estimated_at)
      // "Ready now" (or an overdue arrival) is the same date at every refresh.
      const due = (at: string | null) => !!at && Date.parse(at) <= now.getTime()
      const moved =
        (previous !== estimate.estimated_at &&
          !(due(previous) && due(estimate.estimated_at))) ||
        (before.estimate_reason ?? null) !== estimate.reason
      if (!moved) {
        return []
      }
      changes.push({
        id: estimate.backorder_id,
        order_id: estimate.order_id,
        before: previous,
        after: estimate.estimated_at,
        reason: estimate.reason,
      })
      return [
        {
          id: estimate.backorder_id,
          estimated_at: estimate.estimated_at
            ? new Date(estimate.estimated_at)
            : null,
          estimate_reason: estimate.reason,
          estimated_checked_at: now,
        },
      ]
    })
    await service.saveEstimates(updates)
  }
  if (changes.length) {
    await container.resolve(Modules.EVENT_BUS).emit(
      changes.map((change) => ({
        name: BackorderEvents.ESTIMATE_CHANGED,
        data: change,
      }))
    )
  }
  return changes
}

/**
 * Types of the pure backorder planner. Nothing here knows about Medusa, the
 * database or the clock: callers load data, hand it to the planner and write
 * its answer.
 */

export type AllocationPolicy = "fill" | "complete"

/**
 * Stock the planned demand may use at one location: `stocked − reservations
 * that are not held by planned lines`. A negative value (over-reserved
 * location) is treated as 0.
 */
export type StockCell = {
  inventory_item_id: string
  location_id: string
  free: number
}

/** One inventory item a line needs per unit (kits need several). */
export type DemandComponent = {
  inventory_item_id: string
  required_quantity: number
}

/** Units of a line currently covered at one location. */
export type LineAllocation = {
  location_id: string
  quantity: number
}

export type DemandLine = {
  line_item_id: string
  /** Units that must be covered for the line to be complete. */
  quantity: number
  components: DemandComponent[]
  /** Units the line covers today, per location (decides location stickiness). */
  current: LineAllocation[]
  /**
   * A frozen line is outside the planned inventory items: it keeps its
   * current coverage and only takes part in the order's release decision.
   */
  frozen?: boolean
}

export type DemandOrder = {
  /** Stable identifier of the demand (backorder id, or order id when new). */
  key: string
  order_id: string
  priority: number
  /** Order creation time in epoch milliseconds. */
  created_at: number
  display_id: number
  /** Locations this order may be covered from, e.g. its sales channel's. */
  location_ids: string[]
  lines: DemandLine[]
  /** Overrides the plan's policy for this order (e.g. "Send what's available" fills). */
  policy?: AllocationPolicy
  /**
   * Ranked after a release slice's cutoff, the order keeps what its lines
   * hold (where they hold it, as far as it is left) and takes nothing new,
   * instead of giving it all up until the next slice. For waiting
   * backorders, which a later slice plans again; a new order gives its
   * checkout units up (kept, they could make it in stock ahead of waiting
   * orders the slice has not read).
   */
  keeps_held_after_cutoff?: boolean
}

/**
 * A release slice's end (see `PlanInput.cutoffs`): the rank of the last order
 * that may take the item in this plan.
 */
export type StockCutoff = {
  inventory_item_id: string
  rank: Pick<DemandOrder, "priority" | "created_at" | "display_id" | "key">
}

export type PlanInput = {
  policy: AllocationPolicy
  /** Locations to prefer, best first, after the line's current locations. */
  location_priority?: string[]
  stock: StockCell[]
  orders: DemandOrder[]
  /**
   * Orders ranked after a cutoff's rank get none of its item: when the walk
   * passes that rank, what is left of the item is withheld (a later plan
   * hands it on). The orders before it see exactly the stock they would see
   * without it. An order with `keeps_held_after_cutoff` takes back, from
   * what is withheld, the units its lines hold where they hold them — unless
   * that would complete it (then it gives them up too).
   */
  cutoffs?: StockCutoff[]
}

export type LinePlan = {
  line_item_id: string
  quantity: number
  covered: number
  backordered: number
  allocations: LineAllocation[]
}

export type OrderPlan = {
  key: string
  order_id: string
  /** 1-based position in rank order among the planned orders. */
  rank: number
  lines: LinePlan[]
  fully_covered: boolean
  covered_units: number
  backordered_units: number
}

export type PlanResult = {
  policy: AllocationPolicy
  /** Planned orders in rank order. */
  orders: OrderPlan[]
  /** Free stock left after the plan, per item and location. */
  remaining: StockCell[]
}

export type BlockingItem = {
  inventory_item_id: string
  /** Component units of this item the line still misses. */
  missing: number
  /** Component units of this item that orders ranked ahead still miss. */
  units_ahead: number
  /** Orders ranked ahead that still miss this item. */
  orders_ahead: number
  /** Units of this item that must arrive before this line is covered. */
  needed_to_cover: number
}

export type LineExplanationReason =
  "covered" | "waiting_for_stock" | "waiting_for_other_lines"

export type LineExplanation = {
  line_item_id: string
  quantity: number
  covered: number
  backordered: number
  reason: LineExplanationReason
  /** 1-based place in the queue of the item that blocks the line most; null when covered. */
  queue_position: number | null
  units_ahead: number
  blocking: BlockingItem[]
}

export type OrderExplanation = {
  key: string
  order_id: string
  rank: number
  releasable: boolean
  lines: LineExplanation[]
  /** Inventory items that keep the order from being released. */
  blocked_by: { inventory_item_id: string; missing: number }[]
  summary: string
}

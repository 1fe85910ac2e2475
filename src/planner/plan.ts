import { compareRank, compareStrings, rankOrders } from "./rank"
import type {
  DemandComponent,
  DemandLine,
  DemandOrder,
  LineAllocation,
  LinePlan,
  OrderPlan,
  PlanInput,
  PlanResult,
  StockCell,
} from "./types"

/** Free stock per inventory item, then per location. */
type StockMap = Map<string, Map<string, number>>

/** Undo log of stock taken while an order is tentatively allocated. */
type Journal = {
  inventory_item_id: string
  location_id: string
  quantity: number
}[]

/** A planned line plus what the planner learnt about its shortage. */
export type PlannedLine = LinePlan & {
  /** Inventory items that ran out for this line at its turn (empty when nothing ran out). */
  short_items: string[]
}

export type PlannedOrder = Omit<OrderPlan, "lines"> & { lines: PlannedLine[] }

export type DetailedPlanResult = Omit<PlanResult, "orders"> & {
  orders: PlannedOrder[]
}

const toCount = (value: number): number =>
  Number.isFinite(value) && value > 0 ? Math.floor(value) : 0

function buildStockMap(stock: readonly StockCell[]): StockMap {
  const map: StockMap = new Map()
  for (const cell of stock) {
    const perLocation =
      map.get(cell.inventory_item_id) ?? new Map<string, number>()
    perLocation.set(
      cell.location_id,
      (perLocation.get(cell.location_id) ?? 0) + toCount(cell.free)
    )
    map.set(cell.inventory_item_id, perLocation)
  }
  return map
}

const freeAt = (stock: StockMap, itemId: string, locationId: string): number =>
  stock.get(itemId)?.get(locationId) ?? 0

function take(
  stock: StockMap,
  journal: Journal,
  itemId: string,
  locationId: string,
  quantity: number
): void {
  const perLocation = stock.get(itemId)
  if (!perLocation || quantity === 0) {
    return
  }
  perLocation.set(locationId, (perLocation.get(locationId) ?? 0) - quantity)
  journal.push({ inventory_item_id: itemId, location_id: locationId, quantity })
}

function undo(stock: StockMap, journal: Journal): void {
  for (const entry of journal) {
    const perLocation = stock.get(entry.inventory_item_id)!
    perLocation.set(
      entry.location_id,
      (perLocation.get(entry.location_id) ?? 0) + entry.quantity
    )
  }
}

/** Same item listed twice in a kit counts once with the summed quantity. */
function normaliseComponents(
  components: readonly DemandComponent[]
): DemandComponent[] {
  const byItem = new Map<string, number>()
  for (const component of components) {
    const required = Math.max(1, toCount(component.required_quantity))
    byItem.set(
      component.inventory_item_id,
      (byItem.get(component.inventory_item_id) ?? 0) + required
    )
  }
  return [...byItem.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([inventory_item_id, required_quantity]) => ({
      inventory_item_id,
      required_quantity,
    }))
}

/** Units of a line one location can cover: the scarcest component decides. */
function coverableAt(
  stock: StockMap,
  components: readonly DemandComponent[],
  locationId: string
): number {
  let units = Number.POSITIVE_INFINITY
  for (const component of components) {
    units = Math.min(
      units,
      Math.floor(
        freeAt(stock, component.inventory_item_id, locationId) /
          component.required_quantity
      )
    )
  }
  return units === Number.POSITIVE_INFINITY ? 0 : Math.max(0, units)
}

/**
 * Location order for one line (DESIGN D3): where the line already holds stock
 * first, so a re-plan does not move reservations around; then the configured
 * `location_priority`; then the location with the most coverable units; the
 * location id breaks ties so the order never depends on input order.
 */
function orderLocations(
  stock: StockMap,
  line: DemandLine,
  components: readonly DemandComponent[],
  eligible: readonly string[],
  locationPriority: readonly string[]
): string[] {
  const allowed = new Set(eligible)
  const result: string[] = []
  const seen = new Set<string>()
  const push = (locationId: string) => {
    if (allowed.has(locationId) && !seen.has(locationId)) {
      seen.add(locationId)
      result.push(locationId)
    }
  }

  ;[...line.current]
    .filter((allocation) => allocation.quantity > 0)
    .sort(
      (a, b) =>
        b.quantity - a.quantity || compareStrings(a.location_id, b.location_id)
    )
    .forEach((allocation) => push(allocation.location_id))
  locationPriority.forEach(push)
  ;[...allowed]
    .filter((locationId) => !seen.has(locationId))
    .map((locationId) => ({
      locationId,
      units: coverableAt(stock, components, locationId),
    }))
    .sort(
      (a, b) => b.units - a.units || compareStrings(a.locationId, b.locationId)
    )
    .forEach(({ locationId }) => push(locationId))

  return result
}

function shortItems(
  stock: StockMap,
  components: readonly DemandComponent[],
  eligible: readonly string[]
): string[] {
  const short = components
    .filter(
      (component) =>
        eligible.reduce(
          (sum, locationId) =>
            sum + freeAt(stock, component.inventory_item_id, locationId),
          0
        ) < component.required_quantity
    )
    .map((component) => component.inventory_item_id)
  // Every item is in stock somewhere, just never together at one location.
  return short.length ? short : components.map((c) => c.inventory_item_id)
}

function normaliseAllocations(
  allocations: readonly LineAllocation[]
): LineAllocation[] {
  const byLocation = new Map<string, number>()
  for (const allocation of allocations) {
    const quantity = toCount(allocation.quantity)
    if (quantity > 0) {
      byLocation.set(
        allocation.location_id,
        (byLocation.get(allocation.location_id) ?? 0) + quantity
      )
    }
  }
  return [...byLocation.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([location_id, quantity]) => ({ location_id, quantity }))
}

function linePlan(
  line: DemandLine,
  quantity: number,
  allocations: LineAllocation[],
  short_items: string[],
  unmanaged = false
): PlannedLine {
  const normalised = normaliseAllocations(allocations)
  const covered = unmanaged
    ? quantity
    : Math.min(
        quantity,
        normalised.reduce((sum, allocation) => sum + allocation.quantity, 0)
      )
  return {
    line_item_id: line.line_item_id,
    quantity,
    covered,
    backordered: quantity - covered,
    allocations: normalised,
    short_items: covered < quantity ? short_items : [],
  }
}

function allocateLine(
  stock: StockMap,
  journal: Journal,
  order: DemandOrder,
  line: DemandLine,
  locationPriority: readonly string[],
  /** Only keep what the line holds (an order after a release slice's cutoff). */
  keepOnly = false
): PlannedLine {
  const quantity = toCount(line.quantity)
  if (line.frozen) {
    return linePlan(line, quantity, line.current, [])
  }
  const components = normaliseComponents(line.components)
  if (components.length === 0) {
    // Nothing managed: no stock can be short for this line.
    return linePlan(line, quantity, [], [], true)
  }

  let needed = quantity
  const allocations: LineAllocation[] = []
  const allocate = (locationId: string, limit: number) => {
    const units = Math.min(
      needed,
      limit,
      coverableAt(stock, components, locationId)
    )
    if (units <= 0) {
      return
    }
    for (const component of components) {
      take(
        stock,
        journal,
        component.inventory_item_id,
        locationId,
        units * component.required_quantity
      )
    }
    allocations.push({ location_id: locationId, quantity: units })
    needed -= units
  }

  // First keep what the line already holds, so a re-plan of an unchanged
  // world writes nothing (the plan is a fixed point); then fill the rest.
  const eligible = new Set(order.location_ids)
  for (const held of normaliseAllocations(line.current)
    .filter((allocation) => eligible.has(allocation.location_id))
    .sort(
      (a, b) =>
        b.quantity - a.quantity || compareStrings(a.location_id, b.location_id)
    )) {
    allocate(held.location_id, held.quantity)
  }
  for (const locationId of keepOnly
    ? []
    : orderLocations(
        stock,
        line,
        components,
        order.location_ids,
        locationPriority
      )) {
    allocate(locationId, Number.POSITIVE_INFINITY)
  }

  return linePlan(
    line,
    quantity,
    allocations,
    needed > 0 ? shortItems(stock, components, order.location_ids) : []
  )
}

function summarise(
  order: DemandOrder,
  rank: number,
  lines: PlannedLine[]
): PlannedOrder {
  const covered_units = lines.reduce((sum, line) => sum + line.covered, 0)
  const backordered_units = lines.reduce(
    (sum, line) => sum + line.backordered,
    0
  )
  return {
    key: order.key,
    order_id: order.order_id,
    rank,
    lines,
    fully_covered: backordered_units === 0,
    covered_units,
    backordered_units,
  }
}

/**
 * Decides, for every waiting order, how many units of each line real stock
 * covers and at which locations. Orders are served in rank order (priority
 * desc → date asc → display id asc → key); the result never uses more stock
 * than `stock` offers and is the same for the same input.
 *
 * Policies:
 * - `fill`: every line takes as much as is free when its order's turn comes.
 * - `complete`: an order takes stock only when all of its lines can be fully
 *   covered; otherwise it takes nothing and the stock stays for orders behind it.
 *
 * @example
 * // 5 units free; A (priority 10, newer) wants 3, B (priority 0, older) wants 4.
 * planAllocation({
 *   policy: "fill",
 *   stock: [{ inventory_item_id: "i", location_id: "l", free: 5 }],
 *   orders: [
 *     { key: "B", order_id: "B", priority: 0, created_at: 1, display_id: 1, location_ids: ["l"],
 *       lines: [{ line_item_id: "b1", quantity: 4, components: [{ inventory_item_id: "i", required_quantity: 1 }], current: [] }] },
 *     { key: "A", order_id: "A", priority: 10, created_at: 2, display_id: 2, location_ids: ["l"],
 *       lines: [{ line_item_id: "a1", quantity: 3, components: [{ inventory_item_id: "i", required_quantity: 1 }], current: [] }] },
 *   ],
 * })
 * // → A covered 3/3 (released), B covered 2/4 (2 backordered), remaining free 0
 */
export function planAllocation(input: PlanInput): DetailedPlanResult {
  const stock = buildStockMap(input.stock)
  const locationPriority = input.location_priority ?? []

  const pending = [...(input.cutoffs ?? [])]
  /**
   * What was withheld of each item past its cutoff: the orders after it that
   * keep what they hold take it back from here, and nobody else gets it.
   */
  const withheld: StockMap = new Map()
  /** Withholds what is left of each item whose cutoff ranks before `order` (all, without one). */
  const withhold = (order?: DemandOrder) => {
    for (let i = pending.length - 1; i >= 0; i--) {
      if (!order || compareRank(order, pending[i].rank) > 0) {
        const itemId = pending[i].inventory_item_id
        if (!withheld.has(itemId)) {
          // (A second cutoff of the same item has nothing left to withhold.)
          const perLocation = stock.get(itemId) ?? new Map<string, number>()
          withheld.set(itemId, new Map(perLocation))
          stock.set(itemId, new Map([...perLocation.keys()].map((l) => [l, 0])))
        }
        pending.splice(i, 1)
      }
    }
  }
  /** Whether a line needs an item whose cutoff the walk has passed. */
  const pastCutoff = (line: DemandLine) =>
    !line.frozen &&
    line.components.some((c) => withheld.has(c.inventory_item_id))
  /**
   * The stock an order after a cutoff keeps its units from: what was
   * withheld of the items past their cutoff, the rest as it is.
   */
  const keptFrom = (order: DemandOrder): StockMap | null => {
    if (!order.keeps_held_after_cutoff || !order.lines.some(pastCutoff)) {
      return null
    }
    const view: StockMap = new Map(stock)
    withheld.forEach((perLocation, itemId) => view.set(itemId, perLocation))
    return view
  }
  const orders = rankOrders(input.orders).map((order, index) => {
    withhold(order)
    // After a cutoff, an order that keeps what it holds takes it back from
    // what was withheld, and nothing new, on the lines of the items past
    // their cutoff.
    const kept = keptFrom(order)
    const from = kept ?? stock
    const journal: Journal = []
    const lines = order.lines.map((line) =>
      allocateLine(
        from,
        journal,
        order,
        line,
        locationPriority,
        !!kept && pastCutoff(line)
      )
    )
    const complete = lines.every((line) => line.backordered === 0)
    const policy = order.policy ?? input.policy
    // A kept order that what it holds would complete gives it up instead:
    // released now, it could go ahead of waiting orders the slice has not
    // read (its units are theirs in rank order); short, the next slice
    // reads it where it ranks.
    if (
      kept
        ? complete || policy === "complete"
        : policy === "complete" && !complete
    ) {
      undo(from, journal)
      if (!kept) {
        // The lines kept the locations they held; a whole order may fit only
        // elsewhere (a kit needing both items at one location): try once more
        // from scratch before it takes nothing. This keeps the plan a fixed
        // point: re-planning what it answers changes nothing.
        const fresh: Journal = []
        const retry = order.lines.map((line) =>
          allocateLine(
            stock,
            fresh,
            order,
            line.frozen ? line : { ...line, current: [] },
            locationPriority
          )
        )
        if (retry.every((line) => line.backordered === 0)) {
          return summarise(order, index + 1, retry)
        }
        undo(stock, fresh)
      }
      const held = order.lines.map((line, lineIndex) =>
        line.frozen || line.components.length === 0
          ? lines[lineIndex]
          : linePlan(
              line,
              lines[lineIndex].quantity,
              [],
              lines[lineIndex].short_items
            )
      )
      // Lines that were coverable on their own keep no short items: they
      // wait for the other lines, not for stock.
      return summarise(order, index + 1, held)
    }
    return summarise(order, index + 1, lines)
  })
  withhold()

  const remaining: StockCell[] = []
  for (const [inventory_item_id, perLocation] of [...stock.entries()].sort(
    ([a], [b]) => compareStrings(a, b)
  )) {
    for (const [location_id, free] of [...perLocation.entries()].sort(
      ([a], [b]) => compareStrings(a, b)
    )) {
      remaining.push({ inventory_item_id, location_id, free })
    }
  }

  return { policy: input.policy, orders, remaining }
}

/** Inputs of one order's alternative decision, as loaded (JSON-safe). */
export type AlternativeCandidatesInput = {
  backorder_id: string
  order_id: string
  waiting: boolean
  location_ids: string[]
  pricing: "original" | "alternative"
  lines: {
    line_item_id: string
    variant_id: string | null
    sku: string | null
    quantity: number
    backordered: number
    unit_price: number
  }[]
  alternatives: {
    variant_id: string
    alternative_variant_id: string
    rank: number
    two_way: boolean
  }[]
  variants: Record<
    string,
    {
      sku: string | null
      manage_inventory: boolean
      components: { inventory_item_id: string; required_quantity: number }[]
    }
  >
  /** Free stock per `${inventory_item_id}|${location_id}` at the order's locations. */
  free: Record<string, number>
}

export type AlternativeReplacement = {
  line_item_id: string
  from_variant_id: string
  from_sku: string | null
  to_variant_id: string
  to_sku: string | null
  quantity: number
  /** Price per unit of the new line: the original's, unless pricing is "alternative". */
  unit_price?: number
  /** The original line's quantity after the replacement. */
  remaining_quantity: number
}

export type AlternativeDecision = {
  replacements: AlternativeReplacement[]
  misses: { line_item_id: string; sku: string | null; reason: string }[]
}

/**
 * Picks, for each backordered line, the best-ranked alternative variant whose
 * free stock covers all of the line's backordered units (an alternative is a
 * variant listed for the line's variant, or one listed two-way the other way
 * round). Stock taken by one line is not offered to the next. Pure.
 *
 * @example
 * // Line A backordered 2; alternatives B (rank 1, 1 free) and C (rank 2, 5 free)
 * // → replace 2 × A with C (B cannot cover both units).
 */
export function chooseAlternatives(
  input: AlternativeCandidatesInput
): AlternativeDecision {
  const decision: AlternativeDecision = { replacements: [], misses: [] }
  if (!input.waiting) {
    return decision
  }
  const free = { ...input.free }
  const freeAt = (itemId: string, locationId: string) =>
    free[`${itemId}|${locationId}`] ?? 0

  for (const line of input.lines) {
    if (line.backordered <= 0 || !line.variant_id) {
      continue
    }
    const candidates = input.alternatives
      .flatMap((a) =>
        a.variant_id === line.variant_id
          ? [{ id: a.alternative_variant_id, rank: a.rank }]
          : a.two_way && a.alternative_variant_id === line.variant_id
            ? [{ id: a.variant_id, rank: a.rank }]
            : []
      )
      .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
    if (!candidates.length) {
      decision.misses.push({
        line_item_id: line.line_item_id,
        sku: line.sku,
        reason: "no alternative is configured",
      })
      continue
    }

    const chosen = candidates.find((candidate) => {
      const variant = input.variants[candidate.id]
      if (!variant) {
        return false
      }
      if (!variant.manage_inventory || !variant.components.length) {
        return true
      }
      const units = input.location_ids.reduce(
        (sum, locationId) =>
          sum +
          Math.min(
            ...variant.components.map((c) =>
              Math.floor(
                freeAt(c.inventory_item_id, locationId) /
                  Math.max(1, c.required_quantity)
              )
            )
          ),
        0
      )
      return units >= line.backordered
    })
    if (!chosen) {
      decision.misses.push({
        line_item_id: line.line_item_id,
        sku: line.sku,
        reason: "no alternative has enough stock",
      })
      continue
    }

    const variant = input.variants[chosen.id]
    if (variant.manage_inventory) {
      let needed = line.backordered
      for (const locationId of input.location_ids) {
        const units = Math.min(
          needed,
          ...variant.components.map((c) =>
            Math.floor(
              freeAt(c.inventory_item_id, locationId) /
                Math.max(1, c.required_quantity)
            )
          )
        )
        for (const c of variant.components) {
          free[`${c.inventory_item_id}|${locationId}`] =
            freeAt(c.inventory_item_id, locationId) -
            units * c.required_quantity
        }
        needed -= units
      }
    }
    decision.replacements.push({
      line_item_id: line.line_item_id,
      from_variant_id: line.variant_id,
      from_sku: line.sku,
      to_variant_id: chosen.id,
      to_sku: variant.sku,
      quantity: line.backordered,
      ...(input.pricing === "original" ? { unit_price: line.unit_price } : {}),
      remaining_quantity: line.quantity - line.backordered,
    })
  }
  return decision
}

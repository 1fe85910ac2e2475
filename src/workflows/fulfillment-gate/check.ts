/**
 * What the fulfilment gate (DESIGN D11) allows: pure, so every rule is unit
 * tested. The gate reads the order and its backorder under the order's
 * fulfilment lock and asks this whether the requested fulfilment may go on.
 */

/** An order item as the gate reads it (fresh, under the order's lock). */
export type GateOrderItem = {
  id: string
  title: string
  sku: string | null
  quantity: number
  fulfilled_quantity: number
}

/** A line of the order's waiting backorder. */
export type GateBackorderLine = {
  line_item_id: string
  title: string
  sku: string | null
  quantity: number
  quantity_covered: number
  quantity_released: number
}

export type GateInput = {
  order: { id: string; display_id: number | null; items: GateOrderItem[] }
  /** The order's backorder while it waits (backorder or network_backorder), else null. */
  backorder: { id: string; lines: GateBackorderLine[] } | null
  /** The fulfilment asked for: item ids and quantities (an id may repeat). */
  requested: readonly { id: string; quantity: number }[]
}

export type GateRefusal = {
  reason: "over_unfulfilled" | "backordered"
  message: string
  items: {
    id: string
    requested: number
    allowed: number
  }[]
}

const label = (item: { title: string; sku: string | null }) =>
  `"${item.title}"${item.sku ? ` (SKU ${item.sku})` : ""}`

const orderName = (order: GateInput["order"]) =>
  order.display_id != null ? `Order #${order.display_id}` : `Order ${order.id}`

/**
 * Null when the fulfilment may go on; otherwise what it would ship that the
 * order cannot give. Two rules, the first that fails is reported:
 *
 * 1. Every order: an item never ships more than its unfulfilled quantity
 *    (ordered − fulfilled), whatever concurrent requests asked for.
 * 2. A waiting backorder: a backordered line ships only units released to it
 *    (Divide / Send what's available) and not fulfilled yet; lines the
 *    backorder does not hold ship as rule 1 allows.
 *
 * Items the order does not have are left to Medusa's own validation (which
 * names them); quantities are summed per item.
 *
 * @example
 * // 2 ordered, 2 fulfilled, 2 requested → over_unfulfilled, allowed 0.
 */
export function checkFulfillment(input: GateInput): GateRefusal | null {
  const requested = new Map<string, number>()
  for (const item of input.requested) {
    requested.set(
      item.id,
      (requested.get(item.id) ?? 0) + Math.max(0, Number(item.quantity) || 0)
    )
  }
  const items = new Map(input.order.items.map((item) => [item.id, item]))

  const over = [...requested]
    .filter(([id]) => items.has(id))
    .map(([id, quantity]) => {
      const item = items.get(id)!
      return {
        item,
        requested: quantity,
        allowed: Math.max(0, item.quantity - item.fulfilled_quantity),
      }
    })
    .filter((row) => row.requested > row.allowed)
  if (over.length) {
    return {
      reason: "over_unfulfilled",
      items: over.map(({ item, requested, allowed }) => ({
        id: item.id,
        requested,
        allowed,
      })),
      message: `${orderName(input.order)} cannot ship more than is left to fulfil — ${over
        .map(
          ({ item, requested, allowed }) =>
            `${label(item)}: ${requested} requested, ${allowed} left (${item.quantity} ordered, ${item.fulfilled_quantity} fulfilled)`
        )
        .join("; ")}.`,
    }
  }

  if (!input.backorder) {
    return null
  }
  const held = input.backorder.lines
    .map((line) => {
      const fulfilled = items.get(line.line_item_id)?.fulfilled_quantity ?? 0
      return {
        line,
        requested: requested.get(line.line_item_id) ?? 0,
        allowed: Math.max(0, line.quantity_released - fulfilled),
      }
    })
    .filter((row) => row.requested > row.allowed)
  if (!held.length) {
    return null
  }
  const describe = ({ line }: (typeof held)[number]) => {
    const parts = [`${line.quantity - line.quantity_covered} backordered`]
    const waitingCovered = line.quantity_covered - line.quantity_released
    if (waitingCovered > 0) {
      parts.push(`${waitingCovered} in stock but not released`)
    }
    return `${label(line)}: ${parts.join(", ")}`
  }
  return {
    reason: "backordered",
    items: held.map(({ line, requested, allowed }) => ({
      id: line.line_item_id,
      requested,
      allowed,
    })),
    message: `${orderName(input.order)} is backordered (backorder ${input.backorder.id}); these items cannot be fulfilled yet — ${held
      .map(describe)
      .join(
        "; "
      )}. Wait for the stock to arrive or divide the order to ship what is available.`,
  }
}

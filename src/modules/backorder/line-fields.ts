/** A stored backorder line (with its components), as the module reads it. */
type StoredLine = {
  line_item_id: string
  variant_id?: string | null
  sku?: string | null
  title: string
  quantity: number
  quantity_covered: number
  quantity_released: number
  components?: { inventory_item_id: string; required_quantity: number }[]
}

/** The fields of a stored line that the planner, the undo log and the API share. */
export const lineFields = (line: StoredLine) => ({
  line_item_id: line.line_item_id,
  variant_id: line.variant_id ?? null,
  sku: line.sku ?? null,
  title: line.title,
  quantity: line.quantity,
  quantity_covered: line.quantity_covered,
  quantity_released: line.quantity_released,
})

/** A stored line's components as the planner reads them. */
export const lineComponents = (line: StoredLine) =>
  (line.components ?? []).map((c) => ({
    inventory_item_id: c.inventory_item_id,
    required_quantity: c.required_quantity,
  }))

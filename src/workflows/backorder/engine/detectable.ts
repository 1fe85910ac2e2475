/**
 * Which orders detection plans (DESIGN D11: every order path): orders Medusa
 * may still fulfil — placed (`pending`), `requires_action`, or `completed`
 * and edited, claimed or exchanged since — that have units left to fulfil.
 * Items already fulfilled count as shipped; the rest of their lines is
 * planned. Draft, archived and canceled orders are left alone.
 */
export const DETECTABLE_ORDER_STATUSES = [
  "pending",
  "requires_action",
  "completed",
]

export type DetectableOrderRow = {
  status: string
  items?:
    | ({
        quantity?: number | string | null
        detail?: {
          quantity?: number | string | null
          fulfilled_quantity?: number | string | null
        } | null
      } | null)[]
    | null
}

/**
 * The order fields `isDetectable` reads. An item's quantity lives on its
 * order detail row (`items.*` copies it onto the item).
 */
export const DETECTABLE_FIELDS = [
  "status",
  "items.id",
  "items.detail.quantity",
  "items.detail.fulfilled_quantity",
]

export const isDetectable = (order: DetectableOrderRow) =>
  DETECTABLE_ORDER_STATUSES.includes(order.status) &&
  (order.items ?? []).some(
    (item) =>
      Number(item?.quantity ?? item?.detail?.quantity ?? 0) >
      Number(item?.detail?.fulfilled_quantity ?? 0)
  )

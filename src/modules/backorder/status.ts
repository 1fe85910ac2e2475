/** Backorder statuses and the ShipEdge numeric codes the API also exposes. */
export const BackorderStatus = {
  BACKORDER: "backorder",
  NETWORK_BACKORDER: "network_backorder",
  PENDING: "pending",
  CANCELED: "canceled",
} as const

export type BackorderStatusValue =
  (typeof BackorderStatus)[keyof typeof BackorderStatus]

/** Statuses of backorders that still wait for stock (they take part in planning). */
export const WAITING_STATUSES: BackorderStatusValue[] = [
  BackorderStatus.BACKORDER,
  BackorderStatus.NETWORK_BACKORDER,
]

/** ShipEdge codes: 7 = backorder, 3 = pending (ready for fulfillment); a canceled backorder has none. */
export const STATUS_CODES: Record<BackorderStatusValue, number | null> = {
  backorder: 7,
  network_backorder: 7,
  pending: 3,
  canceled: null,
}

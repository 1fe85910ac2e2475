import { StatusBadge } from "@medusajs/ui"

const STATUS: Record<
  string,
  { label: string; color: "orange" | "green" | "blue" | "grey" }
> = {
  backorder: { label: "Backorder · 7", color: "orange" },
  network_backorder: { label: "Network backorder", color: "blue" },
  pending: { label: "Pending · 3", color: "green" },
  canceled: { label: "Canceled", color: "grey" },
}

/** ShipEdge-style status: Backorder (7), Network backorder, Pending (3), Canceled. */
export const BackorderStatusBadge = ({ status }: { status: string }) => {
  const { label, color } = STATUS[status] ?? {
    label: status,
    color: "grey" as const,
  }
  return <StatusBadge color={color}>{label}</StatusBadge>
}

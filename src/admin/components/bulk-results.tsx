import { Badge, Text } from "@medusajs/ui"
import type { AdminBackorderBulkResponse } from "../../types/http"

const COLOR = {
  divided: "blue",
  released: "green",
  replaced: "purple",
  skipped: "orange",
} as const

/** Per-order outcome of a bulk action: what was done, or why it was skipped. */
export const BulkResults = ({
  results,
  labelOf,
}: {
  results: AdminBackorderBulkResponse["results"]
  labelOf?: (orderId: string) => string
}) => (
  <ul className="flex flex-col gap-2" aria-label="Results">
    {results.map((result) => (
      <li
        key={result.backorder_id}
        className="flex items-start gap-3"
        data-testid="bulk-result"
      >
        <Badge size="2xsmall" color={COLOR[result.outcome] ?? "grey"}>
          {result.outcome}
        </Badge>
        <Text size="small" leading="compact">
          <span className="font-medium">
            {labelOf?.(result.order_id) ?? result.order_id}
          </span>
          {result.reason ? (
            <span className="text-ui-fg-subtle"> — {result.reason}</span>
          ) : null}
          {result.replacements?.length ? (
            <span className="text-ui-fg-subtle">
              {" "}
              —{" "}
              {result.replacements
                .map((r) => `${r.quantity} × ${r.from_sku} → ${r.to_sku}`)
                .join(", ")}
            </span>
          ) : null}
        </Text>
      </li>
    ))}
  </ul>
)

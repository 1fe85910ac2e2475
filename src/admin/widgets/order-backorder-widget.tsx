import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import {
  Button,
  Container,
  Heading,
  Input,
  Label,
  StatusBadge,
  Text,
} from "@medusajs/ui"
import { useState } from "react"
import {
  useOrderBackorder,
  useUpdateBackorderPriority,
} from "../hooks/api/backorders"

const STATUS_LABEL: Record<
  string,
  { label: string; color: "orange" | "green" | "blue" | "grey" }
> = {
  backorder: { label: "Backorder · 7", color: "orange" },
  network_backorder: { label: "Network backorder · 7", color: "blue" },
  pending: { label: "Pending · 3", color: "green" },
  canceled: { label: "Canceled", color: "grey" },
}

const PriorityEditor = ({
  id,
  orderId,
  priority,
}: {
  id: string
  orderId: string
  priority: number
}) => {
  const [value, setValue] = useState(String(priority))
  const update = useUpdateBackorderPriority({ id, order_id: orderId })
  const parsed = Number(value)
  const valid = value.trim() !== "" && Number.isInteger(parsed)
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault()
        if (valid) {
          update.mutate(parsed)
        }
      }}
    >
      <div className="flex flex-1 flex-col gap-1">
        <Label htmlFor="backorder-priority" size="xsmall">
          Priority (higher ships first)
        </Label>
        <Input
          id="backorder-priority"
          size="small"
          type="number"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </div>
      <Button
        size="small"
        variant="secondary"
        type="submit"
        disabled={!valid || update.isPending}
      >
        Save
      </Button>
    </form>
  )
}

/** Order details: backorder status, per-line coverage, why it waits, and its priority. */
const OrderBackorderWidget = ({
  data: order,
}: DetailWidgetProps<HttpTypes.AdminOrder>) => {
  const {
    data: backorder,
    isLoading,
    isError,
    error,
  } = useOrderBackorder(order.id)

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Loading backorder…
        </Text>
      </Container>
    )
  }
  if (isError) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          Could not load the backorder: {(error as Error).message}
        </Text>
      </Container>
    )
  }
  if (!backorder) {
    return null
  }
  const status = STATUS_LABEL[backorder.status] ?? STATUS_LABEL.backorder
  const explanation = backorder.explanation as { summary?: string } | null

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Backorder</Heading>
        <StatusBadge color={status.color}>{status.label}</StatusBadge>
      </div>
      <div className="flex flex-col gap-2 px-6 py-4">
        {backorder.lines.map((line) => (
          <div
            key={line.line_item_id}
            className="flex items-center justify-between gap-2"
          >
            <Text size="small" leading="compact" className="truncate">
              {line.title}
              {line.sku ? (
                <span className="text-ui-fg-subtle"> · {line.sku}</span>
              ) : null}
            </Text>
            <Text size="small" leading="compact" className="whitespace-nowrap">
              {line.quantity_covered}/{line.quantity} covered
              {line.quantity_backordered
                ? ` · ${line.quantity_backordered} backordered`
                : ""}
            </Text>
          </div>
        ))}
      </div>
      {explanation?.summary ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            {explanation.summary}
          </Text>
        </div>
      ) : null}
      {backorder.status === "backorder" ||
      backorder.status === "network_backorder" ? (
        <div className="px-6 py-4">
          <PriorityEditor
            id={backorder.id}
            orderId={backorder.order_id}
            priority={backorder.priority}
          />
        </div>
      ) : null}
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side.before" })

export default OrderBackorderWidget

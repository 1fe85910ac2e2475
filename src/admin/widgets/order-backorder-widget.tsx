import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import {
  Badge,
  Button,
  Container,
  Drawer,
  Heading,
  Input,
  Label,
  Text,
  toast,
} from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { AdminBackorderBulkResponse } from "../../types/http"
import { BackorderStatusBadge } from "../components/backorder-status-badge"
import { BulkResults } from "../components/bulk-results"
import { JobProgress } from "../components/job-progress"
import {
  useBulkBackorderAction,
  useOrderBackorder,
  useRecheckBackorder,
  useStartNetworkDivide,
  useUpdateBackorderPriority,
} from "../hooks/api/backorders"
import { formatEstimate } from "../lib/estimate"

type Explanation = {
  summary: string
  estimate?: {
    estimated_at: string | null
    reason: string | null
    lines: { line_item_id: string; estimated_at: string | null }[]
  } | null
  rank: number
  queue_length: number
  unlockable: boolean
  unlockable_reason: string
  lines: {
    line_item_id: string
    reason: string
    queue_position: number | null
    units_ahead: number
    blocking: { sku: string | null; missing: number; needed_to_cover: number }[]
  }[]
}

const EVENT_LABEL: Record<string, string> = {
  created: "Became a backorder",
  released: "Released to pending",
  canceled: "Canceled",
  coverage_changed: "Coverage changed",
  priority_changed: "Priority changed",
  divided: "Divided",
  lines_changed: "Items changed by an order edit",
  alternative_applied: "Alternative applied",
  status_changed: "Status changed",
  network_divided: "Divided over the network",
}

const PriorityEditor = ({ id, priority }: { id: string; priority: number }) => {
  const [value, setValue] = useState(String(priority))
  useEffect(() => setValue(String(priority)), [priority])
  const update = useUpdateBackorderPriority()
  const parsed = Number(value)
  const valid =
    value.trim() !== "" && Number.isInteger(parsed) && parsed !== priority
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault()
        if (valid) {
          update.mutate(
            { id, priority: parsed },
            { onSuccess: () => toast.success("Priority updated") }
          )
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
          onChange={(e) => setValue(e.target.value)}
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

/**
 * Order details: backorder status (Backorder 7 / Pending 3 / Network), covered
 * vs backordered per line, why it waits (queue position, units ahead, what
 * blocks it), priority, the actions that apply, and the audit history.
 */
const OrderBackorderWidget = ({
  data: order,
}: DetailWidgetProps<HttpTypes.AdminOrder>) => {
  const {
    data: backorder,
    isLoading,
    isError,
    error,
  } = useOrderBackorder(order.id)
  const divide = useBulkBackorderAction("divide")
  const sendAvailable = useBulkBackorderAction("send-available")
  const alternatives = useBulkBackorderAction("apply-alternatives")
  const networkDivide = useStartNetworkDivide()
  const recheck = useRecheckBackorder()
  const [results, setResults] = useState<
    AdminBackorderBulkResponse["results"] | null
  >(null)
  const [jobId, setJobId] = useState<string | null>(null)

  if (isLoading) {
    return (
      <Container className="min-h-[160px] px-6 py-4">
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
  const explanation = backorder.explanation as Explanation | null
  const waiting =
    backorder.status === "backorder" || backorder.status === "network_backorder"
  const run = async (action: typeof divide) =>
    setResults((await action.mutateAsync([backorder.id])).results)
  const lineExplanation = new Map(
    (explanation?.lines ?? []).map((line) => [line.line_item_id, line])
  )

  return (
    <Container className="divide-y p-0" data-testid="order-backorder-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Backorder</Heading>
        <BackorderStatusBadge status={backorder.status} />
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        {backorder.lines.map((line) => {
          const why = lineExplanation.get(line.line_item_id)
          return (
            <div key={line.line_item_id} className="flex flex-col gap-0.5">
              <div className="flex items-center justify-between gap-2">
                <Text
                  size="small"
                  leading="compact"
                  weight="plus"
                  className="truncate"
                >
                  {line.title}
                  {line.sku ? (
                    <span className="text-ui-fg-subtle font-normal">
                      {" "}
                      · {line.sku}
                    </span>
                  ) : null}
                </Text>
                <Text
                  size="small"
                  leading="compact"
                  className="whitespace-nowrap"
                >
                  {line.quantity_covered}/{line.quantity} covered
                </Text>
              </div>
              {line.quantity_backordered ? (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {line.quantity_backordered} backordered
                  {why?.queue_position
                    ? ` · #${why.queue_position} in the queue, ${why.units_ahead} unit(s) ahead`
                    : ""}
                  {why?.blocking[0]
                    ? ` · ${why.blocking[0].needed_to_cover} must arrive`
                    : ""}
                </Text>
              ) : null}
              {line.quantity_released ? (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {line.quantity_released} released for fulfillment
                </Text>
              ) : null}
            </div>
          )
        })}
      </div>
      {explanation ? (
        <div
          className="flex flex-col gap-1 px-6 py-4"
          data-testid="backorder-explanation"
        >
          <Text size="small">{explanation.summary}</Text>
          {explanation.estimate ? (
            <Text size="small" weight="plus" data-testid="backorder-estimate">
              {formatEstimate(
                explanation.estimate.estimated_at,
                explanation.estimate.reason
              )}
            </Text>
          ) : null}
          <Text size="xsmall" className="text-ui-fg-subtle">
            Rank {explanation.rank} of {explanation.queue_length} waiting ·{" "}
            {explanation.unlockable_reason}
          </Text>
        </div>
      ) : null}
      {waiting ? (
        <div className="flex flex-col gap-3 px-6 py-4">
          <PriorityEditor id={backorder.id} priority={backorder.priority} />
          <div className="flex flex-wrap gap-2">
            {explanation?.unlockable ? (
              <Button
                size="small"
                variant="secondary"
                onClick={() => run(divide)}
                isLoading={divide.isPending}
              >
                Divide
              </Button>
            ) : null}
            <Button
              size="small"
              variant="secondary"
              onClick={() => run(sendAvailable)}
              isLoading={sendAvailable.isPending}
            >
              Send what's available
            </Button>
            <Button
              size="small"
              variant="secondary"
              onClick={() => run(alternatives)}
              isLoading={alternatives.isPending}
            >
              Apply Alternatives
            </Button>
            {backorder.status === "network_backorder" ? (
              <Button
                size="small"
                variant="secondary"
                isLoading={networkDivide.isPending}
                onClick={async () =>
                  setJobId(
                    (await networkDivide.mutateAsync([backorder.id])).job.id
                  )
                }
              >
                Divide Network Backorder
              </Button>
            ) : null}
            <Button
              size="small"
              variant="transparent"
              onClick={() => recheck.mutate(backorder.id)}
              isLoading={recheck.isPending}
            >
              Recheck
            </Button>
          </div>
        </div>
      ) : null}
      <div className="flex flex-col gap-2 px-6 py-4">
        <Text size="small" weight="plus">
          History
        </Text>
        <ol className="flex flex-col gap-1">
          {[...backorder.events].reverse().map((event) => (
            <li
              key={event.id}
              className="flex items-center justify-between gap-2"
            >
              <Text size="xsmall">{EVENT_LABEL[event.type] ?? event.type}</Text>
              <span className="flex items-center gap-1">
                {event.actor_type === "user" ? (
                  <Badge size="2xsmall">user</Badge>
                ) : null}
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {new Date(event.created_at).toLocaleString()}
                </Text>
              </span>
            </li>
          ))}
        </ol>
      </div>
      <Drawer
        open={!!results || !!jobId}
        onOpenChange={(open) => !open && (setResults(null), setJobId(null))}
      >
        <Drawer.Content aria-describedby={undefined}>
          <Drawer.Header>
            <Drawer.Title>Order #{backorder.display_id}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body>
            {results ? (
              <BulkResults
                results={results}
                labelOf={() => `Order #${backorder.display_id}`}
              />
            ) : null}
            {jobId ? (
              <JobProgress
                jobId={jobId}
                labelOf={() => `Order #${backorder.display_id}`}
              />
            ) : null}
          </Drawer.Body>
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side.before" })

export default OrderBackorderWidget

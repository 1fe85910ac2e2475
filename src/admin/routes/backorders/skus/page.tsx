import { ArrowDownTray } from "@medusajs/icons"
import {
  Button,
  Container,
  Heading,
  Input,
  Label,
  Select,
  Table,
  Text,
} from "@medusajs/ui"
import { useEffect, useState } from "react"
import type {
  AdminSimulateRestockResponse,
  AdminSkuReportRow,
} from "../../../../types/http"
import { useSimulateRestock, useSkuReport } from "../../../hooks/api/backorders"
import { formatEstimate } from "../../../lib/estimate"
import { backendUrl } from "../../../lib/sdk"

const COLUMNS: { key: keyof AdminSkuReportRow; label: string }[] = [
  { key: "sku", label: "SKU" },
  { key: "units_backordered", label: "Units backordered" },
  { key: "orders_waiting", label: "Orders waiting" },
  { key: "oldest_waiting_since", label: "Oldest waiting since" },
  { key: "free", label: "Free" },
  { key: "incoming", label: "Incoming" },
  { key: "units_to_release_all", label: "Needed to release all" },
  { key: "all_released_expected_at", label: "All released by" },
]

const PAGE_SIZE = 20

/** Bars of the (ten) SKUs that cause the most backordered units. */
const SkuChart = ({ top }: { top: AdminSkuReportRow[] }) => {
  const max = Math.max(1, ...top.map((row) => row.units_backordered))
  return (
    <figure
      className="flex flex-col gap-2"
      data-testid="sku-chart"
      aria-label="Backordered units per SKU"
    >
      {top.map((row) => (
        <div
          key={row.inventory_item_id}
          className="grid grid-cols-[10rem_1fr_3rem] items-center gap-3"
        >
          <Text
            size="small"
            className="truncate"
            title={row.sku ?? row.inventory_item_id}
          >
            {row.sku ?? row.inventory_item_id}
          </Text>
          <div className="bg-ui-bg-subtle h-4 overflow-hidden rounded">
            <div
              className="bg-ui-tag-orange-icon h-full rounded"
              data-testid="sku-bar"
              style={{ width: `${(row.units_backordered / max) * 100}%` }}
            />
          </div>
          <Text size="small" className="text-right">
            {row.units_backordered}
          </Text>
        </div>
      ))}
    </figure>
  )
}

const WhatIf = ({ skus }: { skus: string[] }) => {
  const [sku, setSku] = useState("")
  const [quantity, setQuantity] = useState("")
  const simulate = useSimulateRestock()
  const [result, setResult] = useState<AdminSimulateRestockResponse | null>(
    null
  )
  const qty = Number(quantity)
  const valid = !!sku && Number.isInteger(qty) && qty > 0
  return (
    <Container className="flex flex-col gap-4 px-6 py-4" data-testid="what-if">
      <div>
        <Heading level="h2">What if…</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Plan a restock with the same planner as the real release — nothing
          changes until the stock arrives.
        </Text>
      </div>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={async (event) => {
          event.preventDefault()
          if (valid) {
            setResult(await simulate.mutateAsync([{ sku, quantity: qty }]))
          }
        }}
      >
        <div className="flex flex-col gap-1">
          <Label htmlFor="what-if-sku" size="small">
            SKU
          </Label>
          <Select value={sku} onValueChange={setSku}>
            <Select.Trigger id="what-if-sku" className="w-56" aria-label="SKU">
              <Select.Value placeholder="Choose a SKU" />
            </Select.Trigger>
            <Select.Content>
              {skus.map((value) => (
                <Select.Item key={value} value={value}>
                  {value}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="what-if-quantity" size="small">
            Units arriving
          </Label>
          <Input
            id="what-if-quantity"
            type="number"
            min={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            className="w-32"
          />
        </div>
        <Button
          type="submit"
          size="small"
          disabled={!valid}
          isLoading={simulate.isPending}
        >
          Simulate
        </Button>
      </form>
      {simulate.isError ? (
        <Text size="small" className="text-ui-fg-error">
          {(simulate.error as Error).message}
        </Text>
      ) : null}
      {result ? (
        <div className="flex flex-col gap-1" data-testid="what-if-result">
          <Text size="small">
            <strong>{result.released.length}</strong> order(s) would be
            released, <strong>{result.unlockable.length}</strong> would have
            items to ship now (unlockable),{" "}
            <strong>
              {result.remaining.reduce((sum, r) => sum + r.quantity, 0)}
            </strong>{" "}
            unit(s) would stay free.
          </Text>
        </div>
      ) : null}
    </Container>
  )
}

/** Orders → Backorders → SKU report: which SKUs cause the waiting, as a chart, a table and a CSV. */
const SkuReportPage = () => {
  const [order, setOrder] = useState("-units_backordered")
  const [pageIndex, setPageIndex] = useState(0)
  const { data, isLoading, isError, error } = useSkuReport({
    order,
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
  })
  const { data: top } = useSkuReport({
    order: "-units_backordered",
    limit: 10,
    offset: 0,
  })
  const rows = data?.skus ?? []
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  // Orders released while a later page is open can leave it empty: back to
  // the last page there is.
  useEffect(() => {
    if (data && pageIndex >= pageCount) {
      setPageIndex(pageCount - 1)
    }
  }, [data, pageIndex, pageCount])
  const sortBy = (key: string) => {
    setOrder((current) => (current === `-${key}` ? key : `-${key}`))
    setPageIndex(0)
  }
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading>SKU report</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Which SKUs keep orders waiting, and how many units release them
              all.
            </Text>
          </div>
          <Button size="small" variant="secondary" asChild>
            <a
              href={`${backendUrl()}/admin/backorders/reports/skus?format=csv&order=${order}`}
              download
              data-testid="sku-csv"
            >
              <ArrowDownTray />
              Download CSV
            </a>
          </Button>
        </div>
        {isLoading ? (
          <Text className="px-6 py-4">Loading…</Text>
        ) : isError ? (
          <Text className="text-ui-fg-error px-6 py-4">
            Could not load the report: {(error as Error).message}
          </Text>
        ) : !count ? (
          <Text className="text-ui-fg-subtle px-6 py-4">
            No SKU keeps an order waiting. 🎉
          </Text>
        ) : (
          <>
            <div className="px-6 py-4">
              <SkuChart top={top?.skus ?? []} />
            </div>
            <Table>
              <Table.Header>
                <Table.Row>
                  {COLUMNS.map((column) => (
                    <Table.HeaderCell key={column.key}>
                      <button
                        type="button"
                        className="txt-compact-small-plus"
                        onClick={() => sortBy(column.key)}
                      >
                        {column.label}
                        {order.replace(/^-/, "") === column.key
                          ? order.startsWith("-")
                            ? " ↓"
                            : " ↑"
                          : ""}
                      </button>
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((row) => (
                  <Table.Row key={row.inventory_item_id} data-testid="sku-row">
                    <Table.Cell>{row.sku ?? row.inventory_item_id}</Table.Cell>
                    <Table.Cell>{row.units_backordered}</Table.Cell>
                    <Table.Cell>{row.orders_waiting}</Table.Cell>
                    <Table.Cell>
                      {new Date(row.oldest_waiting_since).toLocaleString()}
                    </Table.Cell>
                    <Table.Cell>{row.free}</Table.Cell>
                    <Table.Cell>{row.incoming}</Table.Cell>
                    <Table.Cell>{row.units_to_release_all}</Table.Cell>
                    <Table.Cell>
                      {row.all_released_expected_at
                        ? formatEstimate(row.all_released_expected_at)
                        : "No date"}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            <Table.Pagination
              data-testid="sku-pagination"
              count={count}
              pageSize={PAGE_SIZE}
              pageIndex={pageIndex}
              pageCount={pageCount}
              canPreviousPage={pageIndex > 0}
              canNextPage={pageIndex + 1 < pageCount}
              previousPage={() =>
                setPageIndex((index) => Math.max(0, index - 1))
              }
              nextPage={() => setPageIndex((index) => index + 1)}
            />
          </>
        )}
      </Container>
      <WhatIf
        skus={[
          ...new Set(
            [...(top?.skus ?? []), ...rows]
              .map((row) => row.sku)
              .filter((sku): sku is string => !!sku)
          ),
        ]}
      />
    </div>
  )
}

export const handle = { breadcrumb: () => "SKU report" }

export default SkuReportPage

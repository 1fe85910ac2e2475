import {
  Button,
  createDataTableColumnHelper,
  createDataTableCommandHelper,
  createDataTableFilterHelper,
  DataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
  type DataTableRowSelectionState,
  Drawer,
  Heading,
  Text,
  toast,
  useDataTable,
} from "@medusajs/ui"
import type React from "react"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import type {
  AdminBackorder,
  AdminBackorderBulkResponse,
} from "../../types/http"
import {
  useBackorders,
  useBulkBackorderAction,
  useStartNetworkDivide,
} from "../hooks/api/backorders"
import { BackorderStatusBadge } from "./backorder-status-badge"
import { BulkResults } from "./bulk-results"
import { JobProgress } from "./job-progress"
import { PriorityModal } from "./priority-modal"
import { formatEstimate } from "../lib/estimate"

const MAX_BATCH = 200

const columnHelper = createDataTableColumnHelper<AdminBackorder>()
const commandHelper = createDataTableCommandHelper()
const filterHelper = createDataTableFilterHelper<AdminBackorder>()

const columns = [
  columnHelper.select(),
  columnHelper.accessor("display_id", {
    header: "Order",
    cell: ({ getValue }) => <span className="font-medium">#{getValue()}</span>,
  }),
  columnHelper.accessor("status", {
    header: "Status",
    cell: ({ getValue }) => <BackorderStatusBadge status={getValue()} />,
  }),
  columnHelper.accessor("priority", { header: "Priority" }),
  columnHelper.display({
    id: "lines",
    header: "Items (covered / ordered)",
    cell: ({ row }) => (
      <div className="flex flex-col">
        {row.original.lines.map((line) => (
          <span key={line.line_item_id} className="whitespace-nowrap">
            {line.sku ?? line.title}: {line.quantity_covered}/{line.quantity}
            {line.quantity_released
              ? ` (${line.quantity_released} released)`
              : ""}
          </span>
        ))}
      </div>
    ),
  }),
  columnHelper.accessor("backordered_at", {
    header: "Waiting since",
    cell: ({ getValue }) => new Date(getValue()).toLocaleString(),
  }),
  columnHelper.accessor("estimated_at", {
    header: "Expected",
    cell: ({ row }) =>
      row.original.status === "backorder" ||
      row.original.status === "network_backorder" ? (
        <span
          className="whitespace-nowrap"
          title={row.original.estimate_reason ?? undefined}
          data-testid="backorder-row-estimate"
        >
          {formatEstimate(
            row.original.estimated_at,
            row.original.estimate_reason
          )}
        </span>
      ) : (
        "–"
      ),
  }),
]

const filters = [
  filterHelper.accessor("status", {
    type: "multiselect",
    label: "Status",
    options: [
      { label: "Backorder", value: "backorder" },
      { label: "Network backorder", value: "network_backorder" },
      { label: "Pending", value: "pending" },
      { label: "Canceled", value: "canceled" },
    ],
  }),
]

type Outcome =
  | {
      kind: "results"
      title: string
      results: AdminBackorderBulkResponse["results"]
    }
  | { kind: "job"; jobId: string }

/**
 * The backorders in rank order with row selection and the bulk actions
 * (Send what's available, Apply Alternatives, Divide Network Backorder,
 * Change priority). Results open in a drawer; a network divide shows the job's
 * progress until it reaches 100 %.
 */
export const BackordersTable = ({
  status,
  onStatusChange,
  pageSize = 10,
  title = "Backorders",
  showSearch = true,
  sku,
  priority,
  toolbar,
}: {
  status: string[]
  onStatusChange: (status: string[]) => void
  pageSize?: number
  title?: string
  showSearch?: boolean
  sku?: string
  priority?: number[]
  /** Extra filter controls shown in the toolbar. */
  toolbar?: React.ReactNode
}) => {
  const navigate = useNavigate()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({
    pageIndex: 0,
    pageSize,
  })
  const [rowSelection, setRowSelection] = useState<DataTableRowSelectionState>(
    {}
  )
  const [priorityFor, setPriorityFor] = useState<string[] | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const filtering: DataTableFilteringState = status.length ? { status } : {}
  const { data, isLoading, isError, error } = useBackorders({
    status,
    sku,
    priority,
    q: search,
    offset: pagination.pageIndex * pagination.pageSize,
    limit: pagination.pageSize,
  })
  const sendAvailable = useBulkBackorderAction("send-available")
  const applyAlternatives = useBulkBackorderAction("apply-alternatives")
  const networkDivide = useStartNetworkDivide()

  const labels = useMemo(
    () =>
      new Map(
        (data?.backorders ?? []).map((b) => [
          b.order_id,
          `Order #${b.display_id}`,
        ])
      ),
    [data]
  )
  const labelOf = (orderId: string) => labels.get(orderId) ?? orderId

  const commands = [
    commandHelper.command({
      label: "Send what's available",
      shortcut: "s",
      action: async (selection) => {
        const ids = Object.keys(selection)
        const result = await sendAvailable.mutateAsync(ids)
        setRowSelection({})
        setOutcome({
          kind: "results",
          title: "Send what's available",
          results: result.results,
        })
      },
    }),
    commandHelper.command({
      label: "Apply Alternatives",
      shortcut: "a",
      action: async (selection) => {
        const result = await applyAlternatives.mutateAsync(
          Object.keys(selection)
        )
        setRowSelection({})
        setOutcome({
          kind: "results",
          title: "Apply Alternatives",
          results: result.results,
        })
      },
    }),
    commandHelper.command({
      label: "Divide Network Backorder",
      shortcut: "n",
      action: async (selection) => {
        const ids = Object.keys(selection)
        if (ids.length > MAX_BATCH) {
          toast.error(
            `Select at most ${MAX_BATCH} backorders for a network divide (${ids.length} selected)`
          )
          return
        }
        const { job } = await networkDivide.mutateAsync(ids)
        setRowSelection({})
        setOutcome({ kind: "job", jobId: job.id })
      },
    }),
    commandHelper.command({
      label: "Change priority",
      shortcut: "p",
      action: async (selection) => setPriorityFor(Object.keys(selection)),
    }),
  ]

  const table = useDataTable({
    columns,
    data: data?.backorders ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    commands,
    filters,
    filtering: {
      state: filtering,
      onFilteringChange: (state) => {
        onStatusChange(
          ((state.status as string[] | undefined) ?? []).filter(Boolean)
        )
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    rowSelection: {
      state: rowSelection,
      onRowSelectionChange: setRowSelection,
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
    search: showSearch
      ? {
          state: search,
          onSearchChange: (value) => {
            setSearch(value)
            setPagination((p) => ({ ...p, pageIndex: 0 }))
          },
        }
      : undefined,
    onRowClick: (_, row) => navigate(`/orders/${row.order_id}`),
  })

  return (
    <>
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 md:flex-row md:items-center">
          <Heading level="h2">{title}</Heading>
          <div className="flex items-center gap-2">
            {toolbar}
            <DataTable.FilterMenu tooltip="Filter by status" />
            {showSearch ? (
              <DataTable.Search placeholder="Order #, SKU, email" />
            ) : null}
          </div>
        </DataTable.Toolbar>
        {isError ? (
          <div className="px-6 py-4">
            <Text className="text-ui-fg-error">
              Could not load backorders: {(error as Error).message}
            </Text>
          </div>
        ) : (
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No backorders",
                description: "Orders short of stock appear here.",
              },
              filtered: {
                heading: "No matching backorders",
                description: "Change the filter or the search.",
              },
            }}
          />
        )}
        <DataTable.Pagination />
        <DataTable.CommandBar selectedLabel={(count) => `${count} selected`} />
      </DataTable>

      <PriorityModal
        open={!!priorityFor}
        onOpenChange={(open) => !open && setPriorityFor(null)}
        backorderIds={priorityFor ?? []}
        onDone={() => setRowSelection({})}
      />

      <Drawer
        open={!!outcome}
        onOpenChange={(open) => !open && setOutcome(null)}
      >
        <Drawer.Content aria-describedby={undefined}>
          <Drawer.Header>
            <Drawer.Title>
              {outcome?.kind === "job"
                ? "Divide Network Backorder"
                : outcome?.title}
            </Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-4">
            {outcome?.kind === "results" ? (
              <BulkResults results={outcome.results} labelOf={labelOf} />
            ) : null}
            {outcome?.kind === "job" ? (
              <JobProgress jobId={outcome.jobId} labelOf={labelOf} />
            ) : null}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button variant="secondary" size="small">
                Close
              </Button>
            </Drawer.Close>
          </Drawer.Footer>
        </Drawer.Content>
      </Drawer>
    </>
  )
}

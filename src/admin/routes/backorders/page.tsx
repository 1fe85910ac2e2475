import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Container, Input, Label, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { BackordersTable } from "../../components/backorders-table"
import { JobsPanel } from "../../components/jobs-panel"
import { QueueStatus } from "../../components/queue-status"

/** Orders → Backorders: every backorder, filtered and searchable, with the bulk actions and the jobs. */
const BackordersPage = () => {
  const [status, setStatus] = useState<string[]>([
    "backorder",
    "network_backorder",
  ])
  const [sku, setSku] = useState("")
  const [priority, setPriority] = useState("")
  const priorities = priority
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "" && Number.isInteger(Number(p)))
    .map(Number)
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="p-0">
        <BackordersTable
          title="Backorders"
          status={status}
          onStatusChange={setStatus}
          pageSize={20}
          sku={sku.trim() || undefined}
          priority={priorities.length ? priorities : undefined}
          toolbar={
            <>
              <Label htmlFor="backorders-sku" className="sr-only">
                SKU
              </Label>
              <Input
                id="backorders-sku"
                size="small"
                placeholder="SKU"
                value={sku}
                onChange={(e) => setSku(e.target.value)}
                className="w-32"
              />
              <Label htmlFor="backorders-priority" className="sr-only">
                Priority
              </Label>
              <Input
                id="backorders-priority"
                size="small"
                placeholder="Priority"
                value={priority}
                onChange={(e) => setPriority(e.target.value)}
                className="w-24"
              />
            </>
          }
        />
      </Container>
      <Container className="flex items-center justify-between px-6 py-3">
        <Text size="small" className="text-ui-fg-subtle">
          Which SKUs keep these orders waiting?
        </Text>
        <Link
          to="/backorders/skus"
          className="text-ui-fg-interactive txt-compact-small-plus"
        >
          Open the SKU report
        </Link>
      </Container>
      <Container className="p-0">
        <QueueStatus />
      </Container>
      <JobsPanel />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Backorders",
  icon: ExclamationCircle,
  nested: "/orders",
})

export const handle = { breadcrumb: () => "Backorders" }

export default BackordersPage

import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle, LockOpenSolid } from "@medusajs/icons"
import { Badge, Button, Container, Text, Tooltip } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { BackordersTable } from "../components/backorders-table"
import { UnlockBackordersModal } from "../components/unlock-backorders-modal"
import { useBackorderSummary } from "../hooks/api/backorders"

const WAITING = ["backorder", "network_backorder"]

/**
 * Top of the orders page: the Backorder alert button with the live count
 * (network and stuck counts beside it when there are any), Unlock Backorders
 * when something can ship now, and the backorders table with bulk actions.
 * The row keeps its height while counts load, so nothing jumps.
 */
const OrderListBackordersWidget = () => {
  const { data: summary, isError } = useBackorderSummary()
  const [showTable, setShowTable] = useState(false)
  const [status, setStatus] = useState<string[]>(WAITING)
  const [unlockOpen, setUnlockOpen] = useState(false)
  const waiting = summary
    ? summary.counts.backorder + summary.counts.network_backorder
    : null

  return (
    <Container className="divide-y p-0" data-testid="backorders-orders-widget">
      <div className="flex min-h-[56px] flex-wrap items-center justify-between gap-3 px-6 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant={showTable ? "primary" : "secondary"}
            size="small"
            aria-pressed={showTable}
            aria-label={`Backorders: ${waiting ?? "loading"} waiting`}
            data-testid="backorder-alert"
            onClick={() => {
              setStatus(WAITING)
              setShowTable(
                (shown) => !shown || status.join() !== WAITING.join()
              )
            }}
          >
            <ExclamationCircle />
            Backorders
            <Badge
              size="2xsmall"
              color="red"
              className="min-w-[2ch] justify-center"
              data-testid="backorder-alert-count"
            >
              {waiting ?? "–"}
            </Badge>
          </Button>
          {summary?.counts.network_backorder ? (
            <Tooltip content="Network backorders: the network locations could cover them">
              <Badge size="2xsmall" color="blue" data-testid="network-count">
                {summary.counts.network_backorder} network
              </Badge>
            </Tooltip>
          ) : null}
          {summary?.stuck ? (
            <Tooltip content="Stuck in a pending process: see Backorders → Jobs">
              <Badge size="2xsmall" color="orange" data-testid="stuck-count">
                {summary.stuck} stuck
              </Badge>
            </Tooltip>
          ) : null}
          {summary?.unlockable ? (
            <Button
              variant="secondary"
              size="small"
              data-testid="unlock-backorders"
              onClick={() => setUnlockOpen(true)}
            >
              <LockOpenSolid />
              Unlock Backorders
              <Badge size="2xsmall" color="green">
                {summary.unlockable}
              </Badge>
            </Button>
          ) : null}
          {isError ? (
            <Text size="small" className="text-ui-fg-error">
              Backorder counts are unavailable.
            </Text>
          ) : null}
        </div>
        <div className="flex items-center gap-3">
          <Link
            to="/backorders"
            className="text-ui-fg-interactive txt-compact-small"
          >
            All backorders
          </Link>
          <Link
            to="/backorders/skus"
            className="text-ui-fg-interactive txt-compact-small"
          >
            SKU report
          </Link>
        </div>
      </div>
      {showTable ? (
        <BackordersTable
          status={status}
          onStatusChange={setStatus}
          pageSize={10}
          title="Waiting backorders"
        />
      ) : null}
      <UnlockBackordersModal open={unlockOpen} onOpenChange={setUnlockOpen} />
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.list.before" })

export default OrderListBackordersWidget

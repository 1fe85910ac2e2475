import {
  Button,
  Checkbox,
  FocusModal,
  Heading,
  Label,
  Table,
  Text,
} from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { AdminBackorderBulkResponse } from "../../types/http"
import {
  useBulkBackorderAction,
  useUnlockableBackorders,
} from "../hooks/api/backorders"
import { BulkResults } from "./bulk-results"

/**
 * "Unlock Backorders": the orders with units in stock that could ship now, per
 * order what ships and what stays backordered, Select all, Divide, then the
 * result of each order.
 */
export const UnlockBackordersModal = ({
  open,
  onOpenChange,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const { data, isLoading, isError } = useUnlockableBackorders(open)
  const divide = useBulkBackorderAction("divide")
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [results, setResults] = useState<
    AdminBackorderBulkResponse["results"] | null
  >(null)
  const backorders = data?.backorders ?? []
  const labels = new Map(
    backorders.map((b) => [b.order_id, `Order #${b.display_id}`])
  )

  useEffect(() => {
    if (!open) {
      setSelected(new Set())
      setResults(null)
    }
  }, [open])

  const allSelected =
    backorders.length > 0 && backorders.every((b) => selected.has(b.id))
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current)
      next.has(id) ? next.delete(id) : next.add(id)
      return next
    })

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <FocusModal.Header>
          {results ? (
            <Button
              size="small"
              variant="secondary"
              onClick={() => onOpenChange(false)}
            >
              Done
            </Button>
          ) : (
            <Button
              size="small"
              onClick={async () =>
                setResults((await divide.mutateAsync([...selected])).results)
              }
              disabled={!selected.size || divide.isPending}
              isLoading={divide.isPending}
            >
              Divide {selected.size ? `(${selected.size})` : ""}
            </Button>
          )}
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-col items-center overflow-y-auto py-12">
          <div className="flex w-full max-w-3xl flex-col gap-y-6">
            <div>
              <FocusModal.Title asChild>
                <Heading>Unlock Backorders</Heading>
              </FocusModal.Title>
              <Text className="text-ui-fg-subtle">
                These orders have items in stock. Dividing ships the items in
                stock now; the rest stays backordered and keeps its place in the
                queue.
              </Text>
            </div>
            {results ? (
              <BulkResults
                results={results}
                labelOf={(id) => labels.get(id) ?? id}
              />
            ) : isLoading ? (
              <Text>Loading…</Text>
            ) : isError ? (
              <Text className="text-ui-fg-error">
                Could not load the unlockable backorders.
              </Text>
            ) : !backorders.length ? (
              <Text className="text-ui-fg-subtle">
                Nothing to unlock: no backorder has items in stock right now.
              </Text>
            ) : (
              <>
                <div className="flex items-center gap-2">
                  <Checkbox
                    id="unlock-select-all"
                    checked={allSelected}
                    onCheckedChange={() =>
                      setSelected(
                        allSelected
                          ? new Set()
                          : new Set(backorders.map((b) => b.id))
                      )
                    }
                  />
                  <Label htmlFor="unlock-select-all">
                    Select all ({backorders.length})
                  </Label>
                </div>
                <Table>
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell />
                      <Table.HeaderCell>Order</Table.HeaderCell>
                      <Table.HeaderCell>Ships now</Table.HeaderCell>
                      <Table.HeaderCell>Stays backordered</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {backorders.map((b) => (
                      <Table.Row key={b.id} data-testid="unlockable-row">
                        <Table.Cell>
                          <Checkbox
                            aria-label={`Select order #${b.display_id}`}
                            checked={selected.has(b.id)}
                            onCheckedChange={() => toggle(b.id)}
                          />
                        </Table.Cell>
                        <Table.Cell>#{b.display_id}</Table.Cell>
                        <Table.Cell>
                          {b.lines
                            .filter((l) => l.quantity_to_ship)
                            .map(
                              (l) =>
                                `${l.quantity_to_ship} × ${l.sku ?? l.title}`
                            )
                            .join(", ")}
                        </Table.Cell>
                        <Table.Cell>
                          {b.lines
                            .filter((l) => l.quantity_to_wait)
                            .map(
                              (l) =>
                                `${l.quantity_to_wait} × ${l.sku ?? l.title}`
                            )
                            .join(", ") || "—"}
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </>
            )}
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}

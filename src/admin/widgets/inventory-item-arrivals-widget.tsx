import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import {
  Badge,
  Button,
  Container,
  Heading,
  Input,
  Label,
  Select,
  Table,
  Text,
} from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { backorderQueryKeys } from "../lib/query-keys"
import { backendUrl, sdk } from "../lib/sdk"
import {
  useCancelArrival,
  useCreateArrival,
  useImportArrivals,
  useItemArrivals,
  useReceiveArrival,
} from "../hooks/api/arrivals"

/** The item's stock locations (an arrival adds to one of its levels), with their names. */
const useItemLocations = (inventoryItemId: string) =>
  useQuery({
    queryKey: [...backorderQueryKeys.arrivals(inventoryItemId), "locations"],
    queryFn: async () => {
      const { inventory_levels } = await sdk.client.fetch<{
        inventory_levels: { location_id: string }[]
      }>(`/admin/inventory-items/${inventoryItemId}/location-levels`, {
        query: { limit: 100 },
      })
      const ids = inventory_levels.map((level) => level.location_id)
      if (!ids.length) {
        return []
      }
      const { stock_locations } = await sdk.client.fetch<{
        stock_locations: { id: string; name: string }[]
      }>("/admin/stock-locations", {
        query: { id: ids, fields: "id,name", limit: 100 },
      })
      return ids.map((id) => ({
        id,
        name: stock_locations.find((l) => l.id === id)?.name ?? id,
      }))
    },
  })

/**
 * Inventory item page: the stock expected for this item (purchase orders,
 * transfers) — record an arrival, receive it into stock (waiting orders
 * release), or cancel it. The planner dates waiting orders from these.
 */
const InventoryItemArrivalsWidget = ({
  data: item,
}: DetailWidgetProps<HttpTypes.AdminInventoryItem>) => {
  const { data, isLoading, isError } = useItemArrivals(item.id)
  const create = useCreateArrival()
  const receive = useReceiveArrival()
  const cancel = useCancelArrival()
  const importCsv = useImportArrivals()
  const { data: itemLocations } = useItemLocations(item.id)
  const locations = (itemLocations ?? []).map((l) => l.id)
  const nameOf = (id: string) =>
    itemLocations?.find((l) => l.id === id)?.name ?? id
  const [location, setLocation] = useState<string | undefined>(undefined)
  const [quantity, setQuantity] = useState("")
  const [date, setDate] = useState("")
  const [reference, setReference] = useState("")
  const chosen = location ?? locations[0]
  const valid =
    !!chosen &&
    Number.isInteger(Number(quantity)) &&
    Number(quantity) > 0 &&
    !!date

  const add = async () => {
    await create.mutateAsync({
      inventory_item_id: item.id,
      location_id: chosen!,
      quantity: Number(quantity),
      expected_at: date,
      reference: reference || null,
    })
    setQuantity("")
    setDate("")
    setReference("")
  }

  return (
    <Container className="divide-y p-0" data-testid="inventory-arrivals">
      <div className="flex items-center justify-between px-6 py-4">
        <div className="flex flex-col">
          <Heading level="h2">Expected arrivals</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Dates waiting orders are given come from these
          </Text>
        </div>
        <div className="flex items-center gap-2">
          <Button size="small" variant="secondary" asChild>
            <a
              href={`${backendUrl()}/admin/backorders/arrivals?inventory_item_id=${item.id}&format=csv`}
              download
            >
              Export CSV
            </a>
          </Button>
          <Button size="small" variant="secondary" asChild>
            <label data-testid="arrivals-import">
              Import CSV
              <input
                type="file"
                accept=".csv,text/csv"
                className="hidden"
                onChange={async (e) => {
                  const file = e.target.files?.[0]
                  e.target.value = ""
                  if (file) {
                    await importCsv
                      .mutateAsync(await file.text())
                      .catch(() => undefined)
                  }
                }}
              />
            </label>
          </Button>
        </div>
      </div>
      <div className="px-6 py-4">
        {isLoading ? (
          <Text size="small">Loading…</Text>
        ) : isError ? (
          <Text size="small" className="text-ui-fg-error">
            Could not load the arrivals.
          </Text>
        ) : data?.arrivals.length ? (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Expected</Table.HeaderCell>
                <Table.HeaderCell>Units</Table.HeaderCell>
                <Table.HeaderCell>Location</Table.HeaderCell>
                <Table.HeaderCell>Reference</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.arrivals.map((arrival) => (
                <Table.Row key={arrival.id} data-testid="arrival-row">
                  <Table.Cell>
                    {new Date(arrival.expected_at).toLocaleDateString()}
                    {arrival.overdue ? (
                      <Badge size="2xsmall" color="red" className="ml-2">
                        Overdue
                      </Badge>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>
                    {arrival.expected_quantity}
                    {arrival.received_quantity
                      ? ` (${arrival.received_quantity} received)`
                      : ""}
                  </Table.Cell>
                  <Table.Cell>{nameOf(arrival.location_id)}</Table.Cell>
                  <Table.Cell>{arrival.reference ?? "–"}</Table.Cell>
                  <Table.Cell>
                    <div className="flex justify-end gap-2">
                      <Button
                        size="small"
                        variant="secondary"
                        isLoading={receive.isPending}
                        onClick={() => receive.mutate(arrival.id)}
                      >
                        Receive
                      </Button>
                      <Button
                        size="small"
                        variant="transparent"
                        isLoading={cancel.isPending}
                        onClick={() => cancel.mutate(arrival.id)}
                      >
                        Cancel
                      </Button>
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            Nothing expected.
          </Text>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-3 px-6 py-4">
        <div className="flex flex-col gap-1">
          <Label size="xsmall">Location</Label>
          <Select value={chosen} onValueChange={setLocation}>
            <Select.Trigger className="w-48">
              <Select.Value placeholder="Location" />
            </Select.Trigger>
            <Select.Content>
              {(itemLocations ?? []).map((l) => (
                <Select.Item key={l.id} value={l.id}>
                  {l.name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label size="xsmall" htmlFor="arrival-quantity">
            Units
          </Label>
          <Input
            id="arrival-quantity"
            className="w-24"
            type="number"
            min={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1">
          <Label size="xsmall" htmlFor="arrival-date">
            Expected on
          </Label>
          <Input
            id="arrival-date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1">
          <Label size="xsmall" htmlFor="arrival-reference">
            Reference
          </Label>
          <Input
            id="arrival-reference"
            className="w-36"
            placeholder="PO-1001"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </div>
        <Button
          size="small"
          disabled={!valid}
          isLoading={create.isPending}
          onClick={add}
        >
          Add arrival
        </Button>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "inventory_item.details.after",
})

export default InventoryItemArrivalsWidget

import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Button,
  Checkbox,
  Container,
  Heading,
  Input,
  Label,
  Select,
  Text,
} from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import {
  useBackorderSettings,
  useUpdateBackorderSettings,
} from "../../../hooks/api/backorders"
import { sdk } from "../../../lib/sdk"

/** Settings → Backorders: allocation policy, network locations, stuck threshold. */
const BackorderSettingsPage = () => {
  const { data, isLoading, isError } = useBackorderSettings()
  const save = useUpdateBackorderSettings()
  const locations = useQuery({
    queryKey: ["backorders", "stock-locations"],
    queryFn: () =>
      sdk.admin.stockLocation.list({ limit: 100, fields: "id,name" }),
  })
  const [policy, setPolicy] = useState<"fill" | "complete">("fill")
  const [network, setNetwork] = useState<string[]>([])
  const [stuck, setStuck] = useState("30")
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (data) {
      setPolicy(data.settings.allocation_policy)
      setNetwork(data.settings.network_location_ids)
      setStuck(String(data.settings.stuck_after_minutes))
    }
  }, [data])

  const stuckNumber = Number(stuck)
  const stuckError =
    !Number.isInteger(stuckNumber) || stuckNumber < 1 || stuckNumber > 10080
      ? "Enter whole minutes between 1 and 10080."
      : null

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setError(null)
    if (stuckError) {
      return
    }
    try {
      await save.mutateAsync({
        allocation_policy: policy,
        network_location_ids: network,
        stuck_after_minutes: stuckNumber,
      })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading>Backorders</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Saving re-plans every waiting backorder with the new settings. Values
          not saved here come from the plugin options.
        </Text>
      </div>
      {isLoading ? (
        <Text className="px-6 py-4">Loading…</Text>
      ) : isError ? (
        <Text className="text-ui-fg-error px-6 py-4">
          Could not load the settings.
        </Text>
      ) : (
        <form
          className="flex flex-col gap-6 px-6 py-4"
          onSubmit={submit}
          data-testid="backorder-settings"
        >
          <div className="flex max-w-md flex-col gap-2">
            <Label htmlFor="allocation-policy">Allocation policy</Label>
            <Select
              value={policy}
              onValueChange={(value) => setPolicy(value as "fill" | "complete")}
            >
              <Select.Trigger
                id="allocation-policy"
                aria-label="Allocation policy"
              >
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="fill">
                  Fill — give each order, in rank order, all the stock there is
                </Select.Item>
                <Select.Item value="complete">
                  Complete — reserve only for orders that can be completed
                </Select.Item>
              </Select.Content>
            </Select>
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="txt-compact-small-plus mb-1">
              Network locations (never used by automatic release)
            </legend>
            {locations.isLoading ? (
              <Text size="small">Loading locations…</Text>
            ) : null}
            {(locations.data?.stock_locations ?? []).map((location) => (
              <div key={location.id} className="flex items-center gap-2">
                <Checkbox
                  id={`network-${location.id}`}
                  checked={network.includes(location.id)}
                  onCheckedChange={(checked) =>
                    setNetwork((current) =>
                      checked
                        ? [...current, location.id]
                        : current.filter((id) => id !== location.id)
                    )
                  }
                />
                <Label htmlFor={`network-${location.id}`}>
                  {location.name}
                </Label>
              </div>
            ))}
          </fieldset>
          <div className="flex max-w-xs flex-col gap-2">
            <Label htmlFor="stuck-after">
              Stuck after (minutes without progress)
            </Label>
            <Input
              id="stuck-after"
              type="number"
              value={stuck}
              onChange={(e) => setStuck(e.target.value)}
              aria-invalid={!!stuckError}
              aria-describedby="stuck-after-error"
            />
            {stuckError ? (
              <Text
                id="stuck-after-error"
                size="small"
                className="text-ui-fg-error"
              >
                {stuckError}
              </Text>
            ) : null}
          </div>
          {error ? (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {error}
            </Text>
          ) : null}
          <div>
            <Button
              type="submit"
              size="small"
              isLoading={save.isPending}
              disabled={!!stuckError}
            >
              Save
            </Button>
          </div>
        </form>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Backorders" })

export default BackorderSettingsPage

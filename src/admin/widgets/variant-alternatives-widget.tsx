import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { ArrowDownMini, ArrowUpMini, Trash } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  Container,
  Heading,
  IconButton,
  Input,
  Label,
  Text,
} from "@medusajs/ui"
import { useState } from "react"
import {
  useCreateAlternative,
  useDeleteAlternative,
  useUpdateAlternative,
  useVariantAlternatives,
  useVariantSearch,
} from "../hooks/api/product-alternatives"

/**
 * Variant page: the variants that may replace this one on backordered orders
 * ("Apply Alternatives"), best rank first — list, add, rank and remove them.
 */
const VariantAlternativesWidget = ({
  data: variant,
}: DetailWidgetProps<HttpTypes.AdminProductVariant>) => {
  const { data, isLoading, isError } = useVariantAlternatives(variant.id)
  const create = useCreateAlternative()
  const update = useUpdateAlternative()
  const remove = useDeleteAlternative()
  const [search, setSearch] = useState("")
  const [twoWay, setTwoWay] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const results = useVariantSearch(search)
  const alternatives = data?.product_alternatives ?? []

  const other = (a: (typeof alternatives)[number]) =>
    a.variant_id === variant.id ? a.alternative_variant : a.variant

  const add = async (alternativeId: string) => {
    setError(null)
    try {
      await create.mutateAsync({
        variant_id: variant.id,
        alternative_variant_id: alternativeId,
        rank: (alternatives.at(-1)?.rank ?? 0) + 1,
        two_way: twoWay,
      })
      setSearch("")
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="variant-alternatives">
      <div className="px-6 py-4">
        <Heading level="h2">Backorder alternatives</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          In-stock variants that may replace this one on backordered orders,
          best first.
        </Text>
      </div>
      <div className="flex flex-col gap-2 px-6 py-4">
        {isLoading ? (
          <Text size="small">Loading…</Text>
        ) : isError ? (
          <Text size="small" className="text-ui-fg-error">
            Could not load the alternatives.
          </Text>
        ) : !alternatives.length ? (
          <Text size="small" className="text-ui-fg-subtle">
            No alternatives yet.
          </Text>
        ) : (
          alternatives.map((alternative, index) => (
            <div
              key={alternative.id}
              className="flex items-center justify-between gap-2"
            >
              <div className="flex items-center gap-2">
                <Badge size="2xsmall">{index + 1}</Badge>
                <Text size="small">
                  {other(alternative)?.product_title} ·{" "}
                  {other(alternative)?.title}
                  {other(alternative)?.sku ? (
                    <span className="text-ui-fg-subtle">
                      {" "}
                      ({other(alternative)?.sku})
                    </span>
                  ) : null}
                </Text>
                {alternative.two_way ? (
                  <Badge size="2xsmall" color="blue">
                    two-way
                  </Badge>
                ) : null}
              </div>
              <div className="flex items-center gap-1">
                <IconButton
                  size="small"
                  variant="transparent"
                  aria-label="Move up"
                  disabled={index === 0}
                  onClick={() => {
                    const above = alternatives[index - 1]
                    update.mutate({ id: alternative.id, rank: above.rank })
                    update.mutate({
                      id: above.id,
                      rank:
                        alternative.rank === above.rank
                          ? above.rank + 1
                          : alternative.rank,
                    })
                  }}
                >
                  <ArrowUpMini />
                </IconButton>
                <IconButton
                  size="small"
                  variant="transparent"
                  aria-label="Move down"
                  disabled={index === alternatives.length - 1}
                  onClick={() => {
                    const below = alternatives[index + 1]
                    update.mutate({
                      id: alternative.id,
                      rank:
                        below.rank === alternative.rank
                          ? below.rank + 1
                          : below.rank,
                    })
                    update.mutate({ id: below.id, rank: alternative.rank })
                  }}
                >
                  <ArrowDownMini />
                </IconButton>
                <IconButton
                  size="small"
                  variant="transparent"
                  aria-label="Remove"
                  onClick={() => remove.mutate(alternative.id)}
                >
                  <Trash />
                </IconButton>
              </div>
            </div>
          ))
        )}
      </div>
      <div className="flex flex-col gap-2 px-6 py-4">
        <Label htmlFor="alternative-search" size="small">
          Add an alternative
        </Label>
        <Input
          id="alternative-search"
          size="small"
          placeholder="Search variants by title or SKU"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="flex items-center gap-2">
          <Checkbox
            id="alternative-two-way"
            checked={twoWay}
            onCheckedChange={(checked) => setTwoWay(!!checked)}
          />
          <Label htmlFor="alternative-two-way" size="small">
            Two-way (this variant also replaces the other)
          </Label>
        </div>
        {(results.data?.variants ?? [])
          .filter((candidate) => candidate.id !== variant.id)
          .map((candidate) => (
            <div
              key={candidate.id}
              className="flex items-center justify-between gap-2"
            >
              <Text size="small">
                {(candidate as { product?: { title?: string } }).product?.title}{" "}
                · {candidate.title}
                {candidate.sku ? (
                  <span className="text-ui-fg-subtle"> ({candidate.sku})</span>
                ) : null}
              </Text>
              <Button
                size="small"
                variant="secondary"
                onClick={() => add(candidate.id)}
                isLoading={create.isPending}
              >
                Add
              </Button>
            </div>
          ))}
        {error ? (
          <Text size="small" className="text-ui-fg-error" role="alert">
            {error}
          </Text>
        ) : null}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.after",
})

export default VariantAlternativesWidget

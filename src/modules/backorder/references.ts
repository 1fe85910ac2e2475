import type { BackorderModuleOptions } from "./options"

/** The kinds of store records the plugin options name by id. */
export type ReferenceKind =
  "stock_location" | "shipping_option" | "customer_group" | "sales_channel"

/** One id an option names: where it was given and what it must be. */
export type OptionReference = {
  option: string
  kind: ReferenceKind
  id: string
}

/** Every id the options name, with the option path it was given at. */
export function optionReferences(
  options: Pick<
    BackorderModuleOptions,
    "location_priority" | "network_location_ids" | "priority_rules"
  >
): OptionReference[] {
  const refs: OptionReference[] = []
  const add = (option: string, kind: ReferenceKind, ids?: string[]) =>
    ids?.forEach((id, i) => refs.push({ option: `${option}[${i}]`, kind, id }))
  add("location_priority", "stock_location", options.location_priority)
  add("network_location_ids", "stock_location", options.network_location_ids)
  options.priority_rules.forEach((rule, r) => {
    const at = `priority_rules[${r}]`
    add(
      `${at}.shipping_option_ids`,
      "shipping_option",
      rule.shipping_option_ids
    )
    add(`${at}.customer_group_ids`, "customer_group", rule.customer_group_ids)
    add(`${at}.sales_channel_ids`, "sales_channel", rule.sales_channel_ids)
  })
  return refs
}

const NOUN: Record<ReferenceKind, string> = {
  stock_location: "stock location",
  shipping_option: "shipping option",
  customer_group: "customer group",
  sales_channel: "sales channel",
}

/**
 * The references whose record does not exist, as log lines naming the bad id
 * and the option it was given for. `existing` holds, per kind, the ids found
 * among the referenced ones.
 */
export function unknownReferences(
  refs: OptionReference[],
  existing: Record<ReferenceKind, Set<string>>
): string[] {
  return refs
    .filter((ref) => !existing[ref.kind].has(ref.id))
    .map(
      (ref) =>
        `medusa-plugin-backorders: option ${ref.option} names ${NOUN[ref.kind]} "${ref.id}", which does not exist; the option has no effect until it names an existing ${NOUN[ref.kind]}.`
    )
}

type Query = {
  graph: (config: {
    entity: string
    fields: string[]
    filters: Record<string, unknown>
  }) => Promise<{ data: { id: string }[] }>
}

/**
 * Looks up every id the options name (one query per kind, only the named
 * ids) and answers the log lines for those that do not exist.
 */
export async function checkOptionReferences(
  resolveQuery: () => Query,
  options: Parameters<typeof optionReferences>[0]
): Promise<string[]> {
  const refs = optionReferences(options)
  if (!refs.length) {
    return []
  }
  const query = resolveQuery()
  const kinds = Object.keys(NOUN) as ReferenceKind[]
  const existing = {} as Record<ReferenceKind, Set<string>>
  await Promise.all(
    kinds.map(async (kind) => {
      const ids = [
        ...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id)),
      ]
      existing[kind] = new Set()
      if (!ids.length) {
        return
      }
      const { data } = await query.graph({
        entity: kind,
        fields: ["id"],
        filters: { id: ids },
      })
      data.forEach((row) => existing[kind].add(row.id))
    })
  )
  return unknownReferences(refs, existing)
}

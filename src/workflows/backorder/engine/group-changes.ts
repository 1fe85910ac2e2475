import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ClaimedChange } from "../../../types/backorder"
import { graphRows } from "./load-plan-input"

/** Queued changes that one plan handles: a connected group of inventory items and the orders on them. */
export type ChangeGroup = {
  inventory_item_ids: string[]
  order_ids: string[]
  change_ids: string[]
}

/**
 * The inventory items of each order's lines, as [order, item] pairs: the
 * order module's lines, then Medusa's variant ↔ inventory item link for
 * their variants (a deleted variant's links go with it).
 */
async function orderInventoryItems(
  query: { graph: (config: any) => Promise<{ data: unknown }> },
  orderIds: string[]
): Promise<[string, string][]> {
  const orders = await graphRows<{
    id: string
    items?: ({ variant_id?: string | null } | null)[] | null
  }>(query, {
    entity: "order",
    fields: ["id", "items.variant_id"],
    filters: { id: orderIds },
  })
  const variantsOf = orders.map(
    (order) =>
      [
        order.id,
        (order.items ?? [])
          .map((item) => item?.variant_id)
          .filter((id): id is string => !!id),
      ] as const
  )
  const variantIds = [...new Set(variantsOf.flatMap(([, ids]) => ids))]
  const links = variantIds.length
    ? await graphRows<{ variant_id: string; inventory_item_id: string }>(
        query,
        {
          entity: "product_variant_inventory_item",
          fields: ["variant_id", "inventory_item_id"],
          filters: { variant_id: variantIds },
        }
      )
    : []
  const itemsOf = new Map<string, string[]>()
  for (const link of links) {
    itemsOf.set(link.variant_id, [
      ...(itemsOf.get(link.variant_id) ?? []),
      link.inventory_item_id,
    ])
  }
  return variantsOf.flatMap(([orderId, ids]) =>
    ids.flatMap((variantId) =>
      (itemsOf.get(variantId) ?? []).map((itemId): [string, string] => [
        orderId,
        itemId,
      ])
    )
  )
}

/** Upper bound on expansion rounds; each round is one query. */
const MAX_ROUNDS = 25

class DisjointSets {
  private parent = new Map<string, string>()
  add(id: string) {
    if (!this.parent.has(id)) {
      this.parent.set(id, id)
    }
  }
  find(id: string): string {
    this.add(id)
    let root = id
    while (this.parent.get(root) !== root) {
      root = this.parent.get(root)!
    }
    let node = id
    while (this.parent.get(node) !== root) {
      const next = this.parent.get(node)!
      this.parent.set(node, root)
      node = next
    }
    return root
  }
  union(a: string, b: string) {
    const [ra, rb] = [this.find(a), this.find(b)].sort()
    if (ra !== rb) {
      this.parent.set(rb, ra)
    }
  }
  has(id: string) {
    return this.parent.has(id)
  }
  nodes(): string[] {
    return [...this.parent.keys()]
  }
}

const orderNode = (orderId: string) => `order:${orderId}`
const itemNode = (itemId: string) => `item:${itemId}`

/**
 * Coalesces claimed changes into independent plans: items connected through
 * a waiting backorder (an order waiting for A and B joins A and B) or through
 * a changed order are planned together, under one set of locks; unconnected
 * items are planned apart, so one hot item never holds the locks of the
 * rest. An item change on an item nobody waits for needs no plan (its rows
 * form a group with no items). Groups come out in a stable order.
 */
export async function groupChanges(
  container: MedusaContainer,
  changes: ClaimedChange[]
): Promise<ChangeGroup[]> {
  const backorders = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const sets = new DisjointSets()
  const itemIds = [
    ...new Set(
      changes.map((c) => c.inventory_item_id).filter((id): id is string => !!id)
    ),
  ]
  const orderIds = [
    ...new Set(
      changes.map((c) => c.order_id).filter((id): id is string => !!id)
    ),
  ]
  const seeds = new Set(await backorders.listWaitingInventoryItemIds(itemIds))

  if (orderIds.length) {
    // An order's items, as Medusa has them now and as its backorder stored
    // them (an edit may have removed what it waited for).
    // Through the variants' inventory link alone: the product module has
    // nothing to add to it.
    const pairs = await orderInventoryItems(query, orderIds)
    const stored = await backorders.listBackorders(
      { order_id: orderIds },
      { select: ["id", "order_id"] }
    )
    const lines = stored.length
      ? await backorders.listBackorderLines(
          { backorder_id: stored.map((b) => b.id) },
          {
            relations: ["components"],
            select: ["id", "backorder_id", "components.inventory_item_id"],
          }
        )
      : []
    const orderOfBackorder = new Map(stored.map((b) => [b.id, b.order_id]))
    const itemsOf = new Map<string, Set<string>>()
    const note = (orderId: string, itemId: string) => {
      const set = itemsOf.get(orderId) ?? new Set<string>()
      set.add(itemId)
      itemsOf.set(orderId, set)
    }
    for (const [orderId, itemId] of pairs) {
      note(orderId, itemId)
    }
    for (const line of lines) {
      const orderId = orderOfBackorder.get(line.backorder_id)
      for (const component of line.components ?? []) {
        if (orderId) {
          note(orderId, component.inventory_item_id)
        }
      }
    }
    for (const orderId of orderIds) {
      sets.add(orderNode(orderId))
      for (const itemId of itemsOf.get(orderId) ?? []) {
        seeds.add(itemId)
        sets.union(orderNode(orderId), itemNode(itemId))
      }
    }
  }

  let frontier = [...seeds]
  frontier.forEach((id) => sets.add(itemNode(id)))
  for (let round = 0; frontier.length && round < MAX_ROUNDS; round++) {
    const links = await backorders.listInventoryItemLinks(frontier)
    const next: string[] = []
    for (const [a, b] of links) {
      if (!sets.has(itemNode(b))) {
        next.push(b)
      }
      sets.union(itemNode(a), itemNode(b))
    }
    frontier = [...new Set(next)]
  }

  const groups = new Map<string, ChangeGroup>()
  const groupOf = (node: string) => {
    const root = sets.find(node)
    const group = groups.get(root) ?? {
      inventory_item_ids: [],
      order_ids: [],
      change_ids: [],
    }
    groups.set(root, group)
    return group
  }
  const allItems = new Set<string>()
  for (const node of sets.nodes()) {
    if (node.startsWith("item:")) {
      allItems.add(node.slice("item:".length))
      groupOf(node).inventory_item_ids.push(node.slice("item:".length))
    } else {
      groupOf(node).order_ids.push(node.slice("order:".length))
    }
  }
  const empty: ChangeGroup = {
    inventory_item_ids: [],
    order_ids: [],
    change_ids: [],
  }
  for (const change of changes) {
    const node = change.order_id
      ? orderNode(change.order_id)
      : change.inventory_item_id && allItems.has(change.inventory_item_id)
        ? itemNode(change.inventory_item_id)
        : null
    ;(node ? groupOf(node) : empty).change_ids.push(change.id)
  }
  const result = [...groups.values()]
    .filter((group) => group.change_ids.length)
    .map((group) => ({
      inventory_item_ids: [...new Set(group.inventory_item_ids)].sort(),
      order_ids: [...new Set(group.order_ids)].sort(),
      change_ids: group.change_ids,
    }))
    .sort((a, b) =>
      (a.inventory_item_ids[0] ?? a.order_ids[0] ?? "") <
      (b.inventory_item_ids[0] ?? b.order_ids[0] ?? "")
        ? -1
        : 1
    )
  return empty.change_ids.length ? [...result, empty] : result
}

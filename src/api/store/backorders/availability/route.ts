import type {
  MedusaResponse,
  MedusaStoreRequest,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  MedusaError,
} from "@medusajs/framework/utils"
import type { StoreBackorderAvailabilityResponse } from "../../../../types"
import { previewOrders } from "../helpers"
import type { StoreGetBackorderAvailabilityParamsType } from "../validators"

type VariantRow = {
  id: string
  sku?: string | null
  title?: string | null
  manage_inventory?: boolean
  allow_backorder?: boolean
  inventory_items?:
    { inventory_item_id: string; required_quantity?: number | null }[] | null
}

/** The sales channel the key sells in (its only one, or the one asked for among its own). */
function channelOf(
  req: MedusaStoreRequest<unknown, StoreGetBackorderAvailabilityParamsType>
): string {
  const channels = req.publishable_key_context?.sales_channel_ids ?? []
  const asked = req.validatedQuery.sales_channel_id
  if (asked) {
    if (!channels.includes(asked)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `sales_channel_id ${asked} is not a sales channel of this publishable key`
      )
    }
    return asked
  }
  if (channels.length !== 1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `This publishable key has ${channels.length} sales channels: give sales_channel_id (one of ${channels.join(", ") || "none"})`
    )
  }
  return channels[0]
}

/**
 * GET /store/backorders/availability?variant_id=… (repeatable, up to 100) —
 * per variant in the key's sales channel: the units in stock for a new order,
 * whether it can be ordered beyond them, and when a unit ordered now would be
 * ready (the planner places it behind the queue and dates it from the
 * expected arrivals). No per-location figures.
 */
export async function GET(
  req: MedusaStoreRequest<unknown, StoreGetBackorderAvailabilityParamsType>,
  res: MedusaResponse<StoreBackorderAvailabilityResponse>
) {
  const channel = channelOf(req)
  const ids = [...new Set(req.validatedQuery.variant_id)]
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "sku",
      "title",
      "manage_inventory",
      "allow_backorder",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
    ],
    filters: { id: ids },
  })
  const variants = data as VariantRow[]
  const unknown = ids.filter((id) => !variants.some((v) => v.id === id))
  if (unknown.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Variant${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} not found`
    )
  }
  const managed = variants.filter(
    (v) => v.manage_inventory && v.inventory_items?.length
  )
  const previews = await previewOrders(
    req.scope,
    managed.map((v) => ({
      key: v.id,
      sales_channel_id: channel,
      customer_id: req.auth_context?.actor_id ?? null,
      lines: [
        {
          line_item_id: `preview_${v.id}`,
          variant_id: v.id,
          sku: v.sku ?? null,
          title: v.title ?? v.id,
          quantity: 1,
          quantity_fulfilled: 0,
          components: v.inventory_items!.map((link) => ({
            inventory_item_id: link.inventory_item_id,
            required_quantity: Number(link.required_quantity ?? 1),
          })),
        },
      ],
    }))
  )
  res.json({
    variants: ids.map((id) => {
      const variant = variants.find((v) => v.id === id)!
      const preview = previews.get(id)
      return {
        variant_id: id,
        available_quantity: preview ? preview.free_units : null,
        backorderable: !!(preview && variant.allow_backorder),
        estimated_at: preview?.estimated_at ?? null,
      }
    }),
  })
}

import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
  WAITING_STATUSES,
} from "../../../modules/backorder"
import type { AlternativeCandidatesInput } from "../../../planner"
import { listChannelLocations } from "../engine/channel-locations"

export const loadAlternativeCandidatesStepId = "load-alternative-candidates"

type VariantRow = {
  id: string
  sku?: string | null
  manage_inventory?: boolean
  inventory_items?:
    { inventory_item_id: string; required_quantity?: number | string }[] | null
}

/**
 * Reads what Apply Alternatives decides on for one backorder: its backordered
 * lines with their unit prices, the alternatives of their variants (both
 * directions for two-way ones), those variants' inventory and the free stock
 * at the order's locations (network locations excluded). Read-only.
 */
export const loadAlternativeCandidatesStep = createStep(
  loadAlternativeCandidatesStepId,
  async (input: { backorder_id: string }, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const options = await service.getSettings()
    const backorder = await service.retrieveBackorder(input.backorder_id, {
      relations: ["lines"],
    })
    const lines = backorder.lines.filter((line) => line.variant_id)
    const variantIds = [...new Set(lines.map((line) => line.variant_id!))]

    const [{ data: orders }, alternatives] = await Promise.all([
      query.graph({
        entity: "order",
        fields: ["id", "items.*"],
        filters: { id: backorder.order_id },
      }),
      variantIds.length
        ? service.listProductAlternatives({
            $or: [
              { variant_id: variantIds },
              { alternative_variant_id: variantIds, two_way: true },
            ],
          })
        : Promise.resolve([]),
    ])
    const priceOf = new Map(
      (
        ((orders[0] as any)?.items ?? []) as {
          id: string
          unit_price: number | string
        }[]
      ).map((item) => [item.id, Number(item.unit_price)])
    )
    const alternativeIds = [
      ...new Set(
        alternatives.flatMap((a) => [a.variant_id, a.alternative_variant_id])
      ),
    ]

    const variants: VariantRow[] = alternativeIds.length
      ? ((
          await query.graph({
            entity: "variant",
            fields: [
              "id",
              "sku",
              "manage_inventory",
              "inventory_items.inventory_item_id",
              "inventory_items.required_quantity",
            ],
            filters: { id: alternativeIds },
          })
        ).data as unknown as VariantRow[])
      : []
    const network = new Set(options.network_location_ids)
    const locationIds = backorder.sales_channel_id
      ? (
          (
            await listChannelLocations(container, [backorder.sales_channel_id])
          ).get(backorder.sales_channel_id) ?? []
        ).filter((id) => !network.has(id))
      : []
    const itemIds = [
      ...new Set(
        variants.flatMap((v) =>
          (v.inventory_items ?? []).map((i) => i.inventory_item_id)
        )
      ),
    ]
    const levels =
      itemIds.length && locationIds.length
        ? await container.resolve(Modules.INVENTORY).listInventoryLevels(
            { inventory_item_id: itemIds, location_id: locationIds },
            {
              select: [
                "inventory_item_id",
                "location_id",
                "stocked_quantity",
                "reserved_quantity",
              ],
            }
          )
        : []

    const candidates: AlternativeCandidatesInput = {
      backorder_id: backorder.id,
      order_id: backorder.order_id,
      waiting: (WAITING_STATUSES as string[]).includes(backorder.status),
      location_ids: locationIds,
      pricing: options.alternative_pricing,
      lines: lines
        .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1))
        .map((line) => ({
          line_item_id: line.line_item_id,
          variant_id: line.variant_id ?? null,
          sku: line.sku ?? null,
          quantity: line.quantity,
          backordered: line.quantity - line.quantity_covered,
          unit_price: priceOf.get(line.line_item_id) ?? 0,
        })),
      alternatives: alternatives.map((a) => ({
        variant_id: a.variant_id,
        alternative_variant_id: a.alternative_variant_id,
        rank: a.rank,
        two_way: a.two_way,
      })),
      variants: Object.fromEntries(
        variants.map((v) => [
          v.id,
          {
            sku: v.sku ?? null,
            manage_inventory: !!v.manage_inventory,
            components: (v.inventory_items ?? []).map((i) => ({
              inventory_item_id: i.inventory_item_id,
              required_quantity: Number(i.required_quantity ?? 1),
            })),
          },
        ])
      ),
      free: Object.fromEntries(
        levels.map((level) => [
          `${level.inventory_item_id}|${level.location_id}`,
          Math.max(
            0,
            Number(level.stocked_quantity) - Number(level.reserved_quantity)
          ),
        ])
      ),
    }
    return new StepResponse(candidates)
  }
)

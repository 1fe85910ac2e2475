/**
 * Store fixtures shared by the integration tests and the demo: a real store
 * (region, sales channel, publishable key, stock locations with fulfillment,
 * shipping options, products whose variants allow backorders) created with
 * Medusa's own workflows, and a checkout through the storefront HTTP API.
 * Not part of the published plugin.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryItemsWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

export type StoreFixture = {
  salesChannelId: string
  regionId: string
  publishableKey: string
  /** Locations linked to the sales channel, in the order they were requested. */
  locationIds: string[]
  /** Locations that exist but are not linked to the sales channel. */
  networkLocationIds: string[]
  shippingProfileId: string
  standardShippingOptionId: string
  expressShippingOptionId: string
  currencyCode: string
  countryCode: string
}

export type SetupStoreOptions = {
  name?: string
  /** A fixed sales channel id (lets module options such as priority rules name it before boot). */
  salesChannelId?: string
  locations?: string[]
  networkLocations?: string[]
  currencyCode?: string
  countryCode?: string
}

/** Creates a complete store that can take orders through checkout. */
export async function setupStore(
  container: MedusaContainer,
  options: SetupStoreOptions = {}
): Promise<StoreFixture> {
  const name = options.name ?? "Backorder Store"
  const currencyCode = options.currencyCode ?? "usd"
  const countryCode = options.countryCode ?? "us"
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: {
      salesChannelsData: [
        // The id is passed through to the sales channel module, which keeps a given id.
        {
          name: `${name} web shop`,
          ...(options.salesChannelId ? { id: options.salesChannelId } : {}),
        } as {
          name: string
        },
      ],
    },
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [
        { title: `${name} storefront`, type: "publishable", created_by: "" },
      ],
    },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: `${name} region`,
          currency_code: currencyCode,
          countries: [countryCode],
          payment_providers: ["pp_system_default"],
        },
      ],
    },
  })

  const [existingProfile] = await fulfillment.listShippingProfiles({
    type: "default",
  })
  const shippingProfileId =
    existingProfile?.id ??
    (
      await createShippingProfilesWorkflow(container).run({
        input: {
          data: [{ name: "Default Shipping Profile", type: "default" }],
        },
      })
    ).result[0].id

  const locationNames = options.locations ?? ["Main warehouse"]
  const networkNames = options.networkLocations ?? []
  const { result: locations } = await createStockLocationsWorkflow(
    container
  ).run({
    input: {
      locations: [...locationNames, ...networkNames].map((locationName) => ({
        name: locationName,
        address: {
          address_1: "1 Depot Street",
          city: "Springfield",
          country_code: countryCode,
        },
      })),
    },
  })
  const own = locations.slice(0, locationNames.length)
  const network = locations.slice(locationNames.length)

  let serviceZoneId = ""
  for (const [index, location] of locations.entries()) {
    if (index < own.length) {
      await linkSalesChannelsToStockLocationWorkflow(container).run({
        input: { id: location.id, add: [salesChannel.id] },
      })
    }
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    const fulfillmentSet = await fulfillment.createFulfillmentSets({
      name: `${location.name} delivery`,
      type: "shipping",
      service_zones: [
        {
          name: `${location.name} zone`,
          geo_zones: [{ country_code: countryCode, type: "country" }],
        },
      ],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
    if (index === 0) {
      serviceZoneId = fulfillmentSet.service_zones[0].id
    }
  }

  const shippingOption = (label: string, code: string, amount: number) => ({
    name: label,
    price_type: "flat" as const,
    provider_id: "manual_manual",
    service_zone_id: serviceZoneId,
    shipping_profile_id: shippingProfileId,
    type: { label, description: `${label} delivery`, code },
    prices: [
      { currency_code: currencyCode, amount },
      { region_id: region.id, amount },
    ],
    rules: [
      { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
      { attribute: "is_return", value: "false", operator: "eq" as const },
    ],
  })
  const { result: shippingOptions } = await createShippingOptionsWorkflow(
    container
  ).run({
    input: [
      shippingOption("Standard", "standard", 5),
      shippingOption("Express", "express", 15),
    ],
  })

  return {
    salesChannelId: salesChannel.id,
    regionId: region.id,
    publishableKey: apiKey.token,
    locationIds: own.map((location) => location.id),
    networkLocationIds: network.map((location) => location.id),
    shippingProfileId,
    standardShippingOptionId: shippingOptions[0].id,
    expressShippingOptionId: shippingOptions[1].id,
    currencyCode,
    countryCode,
  }
}

export type ProductFixture = {
  productId: string
  variantId: string
  sku: string
  /** One per component; a plain product has exactly one. */
  inventoryItemIds: string[]
}

export type CreateProductOptions = {
  title: string
  sku: string
  price?: number
  /** Stocked quantity per location id (plain products). */
  stock?: Record<string, number>
  /** Kit: the variant needs these inventory items per unit. */
  components?: {
    sku: string
    title: string
    required_quantity: number
    stock?: Record<string, number>
  }[]
  allowBackorder?: boolean
  /** Link the variant to this existing inventory item instead of creating one (two variants sharing stock). */
  inventoryItemId?: string
}

/** A published product with one variant that manages inventory and allows backorders. */
export async function createProduct(
  container: MedusaContainer,
  store: StoreFixture,
  options: CreateProductOptions
): Promise<ProductFixture> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let kitItems:
    { inventory_item_id: string; required_quantity: number }[] | undefined =
    options.inventoryItemId
      ? [{ inventory_item_id: options.inventoryItemId, required_quantity: 1 }]
      : undefined
  if (options.components?.length) {
    const { result: items } = await createInventoryItemsWorkflow(container).run(
      {
        input: {
          items: options.components.map((component) => ({
            sku: component.sku,
            title: component.title,
            location_levels: Object.entries(component.stock ?? {}).map(
              ([location_id, stocked_quantity]) => ({
                location_id,
                stocked_quantity,
              })
            ),
          })),
        },
      }
    )
    kitItems = options.components.map((component, index) => ({
      inventory_item_id: items[index].id,
      required_quantity: component.required_quantity,
    }))
  }

  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: options.title,
          status: "published",
          shipping_profile_id: store.shippingProfileId,
          options: [{ title: "Edition", values: ["Standard"] }],
          sales_channels: [{ id: store.salesChannelId }],
          variants: [
            {
              title: "Standard",
              sku: options.sku,
              options: { Edition: "Standard" },
              manage_inventory: true,
              allow_backorder: options.allowBackorder ?? true,
              prices: [
                {
                  amount: options.price ?? 20,
                  currency_code: store.currencyCode,
                },
              ],
              ...(kitItems ? { inventory_items: kitItems } : {}),
            },
          ],
        },
      ],
    },
  })
  const variantId = product.variants[0].id

  const { data: variants } = await query.graph({
    entity: "variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: variantId },
  })
  // Kits keep the order of their components; Query does not promise one.
  const inventoryItemIds =
    kitItems?.map((item) => item.inventory_item_id) ??
    (variants[0].inventory_items ?? []).map(
      (link: { inventory_item_id: string } | null) => link!.inventory_item_id
    )

  if (!kitItems && options.stock && Object.keys(options.stock).length) {
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: Object.entries(options.stock).map(
          ([location_id, stocked_quantity]) => ({
            inventory_item_id: inventoryItemIds[0],
            location_id,
            stocked_quantity,
          })
        ),
      },
    })
  }

  return {
    productId: product.id,
    variantId,
    sku: options.sku,
    inventoryItemIds,
  }
}

/** The minimum an HTTP client must offer: JSON POST with headers, answering `{ data }`. */
export type HttpPost = <T = any>(
  path: string,
  body: unknown,
  headers: Record<string, string>
) => Promise<{ data: T }>

export type CheckoutOptions = {
  items: { variant_id: string; quantity: number }[]
  email?: string
  express?: boolean
}

/**
 * Everything a storefront does before the buyer clicks "Place order": cart
 * with items and address → shipping method → payment collection → payment
 * session. Answers the cart id.
 */
export async function prepareCart(
  post: HttpPost,
  store: StoreFixture,
  options: CheckoutOptions
): Promise<string> {
  const headers = { "x-publishable-api-key": store.publishableKey }
  const {
    data: { cart },
  } = await post(
    "/store/carts",
    {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      email: options.email ?? "buyer@example.com",
      items: options.items,
      shipping_address: {
        first_name: "Sam",
        last_name: "Buyer",
        address_1: "12 Market Street",
        city: "Springfield",
        postal_code: "12345",
        country_code: store.countryCode,
      },
    },
    headers
  )
  await post(
    `/store/carts/${cart.id}/shipping-methods`,
    {
      option_id: options.express
        ? store.expressShippingOptionId
        : store.standardShippingOptionId,
    },
    headers
  )
  const {
    data: { payment_collection },
  } = await post("/store/payment-collections", { cart_id: cart.id }, headers)
  await post(
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )
  return cart.id
}

export type PlacedOrder = {
  id: string
  display_id: number
  items: { id: string; variant_id: string; quantity: number }[]
}

/** Completes a prepared cart like the storefront's "Place order": answers the order. */
export async function completeCart(
  post: HttpPost,
  store: StoreFixture,
  cartId: string
): Promise<PlacedOrder> {
  const headers = { "x-publishable-api-key": store.publishableKey }
  const { data } = await post(
    `/store/carts/${cartId}/complete`,
    {},
    headers
  ).catch((error) => {
    // Say what the server answered, not just "status code 409". (Medusa
    // answers every conflict with one generic message; the specific one, a
    // lock wait that timed out or a completion still running, is in the
    // server's log just before.)
    const response = error?.response
    if (!response) {
      throw error
    }
    throw new Error(
      `Checkout of cart ${cartId} failed: ${response.status} ${JSON.stringify(response.data)}`
    )
  })
  if (data.type !== "order") {
    throw new Error(
      `Checkout did not place an order: ${JSON.stringify(data.error ?? data)}`
    )
  }
  return data.order
}

/**
 * Places an order exactly as a storefront does: cart → shipping method →
 * payment collection → payment session → complete. Answers the order.
 */
export async function checkout(
  post: HttpPost,
  store: StoreFixture,
  options: CheckoutOptions
): Promise<PlacedOrder> {
  return completeCart(post, store, await prepareCart(post, store, options))
}

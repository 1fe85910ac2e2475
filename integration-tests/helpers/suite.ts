import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createProduct,
  setupStore,
  type CreateProductOptions,
  type ProductFixture,
  type SetupStoreOptions,
  type StoreFixture,
} from "../../dev/fixtures"
import {
  backorderKit,
  createAdminHeaders,
  settleQueueQuietly,
  trackSubscribers,
} from "./backorders"

type RunnerArgs = Parameters<
  Parameters<typeof medusaIntegrationTestRunner>[0]["testSuite"]
>[0]

/** What a spec gets: Medusa's runner arguments, the kit, and (from beforeAll on) its store. */
export type BackorderSpec<P extends string> = RunnerArgs & {
  kit: ReturnType<typeof backorderKit>
  store: StoreFixture
  headers: Record<string, string>
  /** The store's first stock location. */
  location: string
  products: Record<P, ProductFixture>
}

/**
 * One HTTP spec file on a real Medusa app and database: before the first
 * test, a store (`setupStore`), an admin's headers and the named products
 * are created; Medusa's runner then restores the database to that state
 * before each test.
 */
export function backorderSpec<P extends string = never>(
  setup: {
    store?: SetupStoreOptions
    products?: (store: StoreFixture) => Record<P, CreateProductOptions>
    /**
     * A network location ("Partner 3PL", `spec.store.networkLocationIds[0]`)
     * that the settings mark as such: automatic release never uses it.
     */
    network?: boolean
    /** Jest's timeout for each test and hook of the file (default 240). */
    timeout_seconds?: number
  },
  tests: (spec: BackorderSpec<P>) => void
): void {
  jest.setTimeout((setup.timeout_seconds ?? 240) * 1000)
  medusaIntegrationTestRunner({
    testSuite: (args) => {
      const spec = { ...args } as BackorderSpec<P>
      spec.kit = backorderKit(args.api, args.getContainer, () => spec)
      beforeAll(async () => {
        const container = args.getContainer()
        trackSubscribers(container)
        spec.store = await setupStore(container, {
          ...setup.store,
          ...(setup.network ? { networkLocations: ["Partner 3PL"] } : {}),
        })
        spec.location = spec.store.locationIds[0]
        spec.headers = await createAdminHeaders(container)
        const products = {} as Record<P, ProductFixture>
        const wanted = Object.entries(setup.products?.(spec.store) ?? {})
        for (const [name, options] of wanted) {
          products[name as P] = await createProduct(
            container,
            spec.store,
            options as CreateProductOptions
          )
        }
        spec.products = products
        if (setup.network) {
          await args.api.post(
            "/admin/backorders/settings",
            { network_location_ids: spec.store.networkLocationIds },
            { headers: spec.headers }
          )
        }
        // Before Medusa's runner snapshots the database (see the helper).
        await settleQueueQuietly(container)
      })
      tests(spec)
    },
  })
}

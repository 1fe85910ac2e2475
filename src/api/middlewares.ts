import {
  authenticate,
  defineMiddlewares,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminCreateProductAlternative,
  AdminGetProductAlternativesParams,
  AdminUpdateProductAlternative,
} from "./admin/product-alternatives/validators"
import {
  AdminBackorderSelection,
  AdminGetBackorderJobsParams,
  AdminGetSkuReportParams,
  AdminSimulateRestock,
  AdminUpdateBackorderSettings,
  AdminGetBackordersParams,
  AdminGetUnlockableParams,
  AdminReleaseBackorders,
  AdminUpdateBackorderPriority,
  AdminCreateBackorderArrival,
  AdminGetBackorderArrivalsParams,
  AdminReceiveBackorderArrival,
  AdminUpdateBackorderArrival,
  AdminImportBackorderArrivals,
} from "./admin/backorders/validators"
import {
  StoreGetBackorderAvailabilityParams,
  StoreGetCustomerBackordersParams,
} from "./store/backorders/validators"
import { orderBackorderField } from "./store/orders-backorder-field"
import { checkInput, IdParams, Nothing } from "./validation"

/** The static routes under /admin/backorders that an `:id` matcher also matches. */
const BACKORDER_PATHS = new Set([
  "unlockable",
  "summary",
  "troubleshooting",
  "settings",
  "jobs",
  "reports",
  "simulate",
  "release",
  "divide",
  "send-available",
  "apply-alternatives",
  "network",
  "arrivals",
])

type Middleware = (
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) => unknown

/** Runs `middleware` unless the `:id` segment is the static route `name`. */
const skipFor =
  (name: string, middleware: Middleware): Middleware =>
  (req, res, next) =>
    req.params.id === name ? next() : middleware(req, res, next)

/** GET /admin/backorders/:id takes an id and no query (skipped for the static routes it also matches). */
const checkBackorderRetrieve = (
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) =>
  BACKORDER_PATHS.has(req.params.id)
    ? next()
    : checkInput({ params: IdParams, query: Nothing })(req, res, next)

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/backorders",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetBackordersParams }),
        validateAndTransformQuery(AdminGetBackordersParams, {
          defaults: ["id"],
          isList: true,
          defaultLimit: 20,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/:id",
      methods: ["GET"],
      middlewares: [checkBackorderRetrieve],
    },
    {
      matcher: "/admin/backorders/unlockable",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetUnlockableParams }),
        validateAndTransformQuery(AdminGetUnlockableParams, {
          defaults: ["id"],
          isList: true,
          defaultLimit: 200,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/summary",
      methods: ["GET"],
      middlewares: [checkInput({ query: Nothing })],
    },
    {
      matcher: "/admin/backorders/troubleshooting",
      methods: ["GET"],
      middlewares: [checkInput({ query: Nothing })],
    },
    {
      matcher: "/admin/backorders/release",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminReleaseBackorders }),
        validateAndTransformBody(AdminReleaseBackorders),
      ],
    },
    ...[
      "/admin/backorders/divide",
      "/admin/backorders/send-available",
      "/admin/backorders/apply-alternatives",
      "/admin/backorders/network/divide",
    ].map((matcher) => ({
      matcher,
      methods: ["POST" as const],
      middlewares: [
        checkInput({ body: AdminBackorderSelection }),
        validateAndTransformBody(AdminBackorderSelection),
      ],
    })),
    {
      matcher: "/admin/backorders/:id/priority",
      methods: ["POST"],
      middlewares: [
        checkInput({ params: IdParams, body: AdminUpdateBackorderPriority }),
        validateAndTransformBody(AdminUpdateBackorderPriority),
      ],
    },
    {
      matcher: "/admin/backorders/:id/recheck",
      methods: ["POST"],
      middlewares: [checkInput({ params: IdParams, body: Nothing })],
    },
    {
      matcher: "/admin/backorders/jobs",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetBackorderJobsParams }),
        validateAndTransformQuery(AdminGetBackorderJobsParams, {
          defaults: ["id"],
          isList: true,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/jobs/:id",
      methods: ["GET"],
      middlewares: [checkInput({ params: IdParams, query: Nothing })],
    },
    {
      matcher: "/admin/backorders/jobs/:id/reset",
      methods: ["POST"],
      middlewares: [checkInput({ params: IdParams, body: Nothing })],
    },
    {
      matcher: "/admin/backorders/jobs/:id/resume",
      methods: ["POST"],
      middlewares: [checkInput({ params: IdParams, body: Nothing })],
    },
    {
      matcher: "/admin/backorders/settings",
      methods: ["GET"],
      middlewares: [checkInput({ query: Nothing })],
    },
    {
      matcher: "/admin/backorders/settings",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminUpdateBackorderSettings }),
        validateAndTransformBody(AdminUpdateBackorderSettings),
      ],
    },
    {
      matcher: "/admin/backorders/simulate",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminSimulateRestock }),
        validateAndTransformBody(AdminSimulateRestock),
      ],
    },
    {
      matcher: "/admin/backorders/reports/skus",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetSkuReportParams }),
        validateAndTransformQuery(AdminGetSkuReportParams, {
          defaults: ["sku"],
          isList: false,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetBackorderArrivalsParams }),
        validateAndTransformQuery(AdminGetBackorderArrivalsParams, {
          defaults: ["id"],
          isList: true,
          defaultLimit: 50,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminCreateBackorderArrival }),
        validateAndTransformBody(AdminCreateBackorderArrival),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals/import",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminImportBackorderArrivals }),
        validateAndTransformBody(AdminImportBackorderArrivals),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals/:id",
      methods: ["GET"],
      middlewares: [checkInput({ params: IdParams, query: Nothing })],
    },
    {
      matcher: "/admin/backorders/arrivals/:id",
      methods: ["POST"],
      // Also matches /arrivals/import, whose own middleware checks it.
      middlewares: [
        skipFor(
          "import",
          checkInput({ params: IdParams, body: AdminUpdateBackorderArrival })
        ),
        skipFor(
          "import",
          validateAndTransformBody(AdminUpdateBackorderArrival)
        ),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals/:id/receive",
      methods: ["POST"],
      middlewares: [
        checkInput({ params: IdParams, body: AdminReceiveBackorderArrival }),
        validateAndTransformBody(AdminReceiveBackorderArrival),
      ],
    },
    {
      matcher: "/admin/backorders/arrivals/:id/cancel",
      methods: ["POST"],
      middlewares: [checkInput({ params: IdParams, body: Nothing })],
    },
    // Storefront (behind the publishable key, like every /store route).
    {
      // No `methods`: runs before Medusa's own validation of the order route.
      matcher: "/store/orders/:id",
      middlewares: [orderBackorderField],
    },
    {
      matcher: "/store/customers/me/backorders",
      methods: ["GET"],
      middlewares: [
        authenticate("customer", ["session", "bearer"]),
        checkInput({ query: StoreGetCustomerBackordersParams }),
        validateAndTransformQuery(StoreGetCustomerBackordersParams, {
          defaults: ["order_id"],
          isList: true,
          defaultLimit: 20,
        }),
      ],
    },
    {
      matcher: "/store/backorders/availability",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: StoreGetBackorderAvailabilityParams }),
        validateAndTransformQuery(StoreGetBackorderAvailabilityParams, {
          defaults: ["variant_id"],
          isList: false,
        }),
      ],
    },
    {
      matcher: "/store/carts/:id/backorders",
      methods: ["GET"],
      middlewares: [checkInput({ params: IdParams, query: Nothing })],
    },
    {
      matcher: "/admin/product-alternatives",
      methods: ["GET"],
      middlewares: [
        checkInput({ query: AdminGetProductAlternativesParams }),
        validateAndTransformQuery(AdminGetProductAlternativesParams, {
          defaults: ["id"],
          isList: true,
        }),
      ],
    },
    {
      matcher: "/admin/product-alternatives",
      methods: ["POST"],
      middlewares: [
        checkInput({ body: AdminCreateProductAlternative }),
        validateAndTransformBody(AdminCreateProductAlternative),
      ],
    },
    {
      matcher: "/admin/product-alternatives/:id",
      methods: ["GET", "DELETE"],
      middlewares: [checkInput({ params: IdParams, query: Nothing })],
    },
    {
      matcher: "/admin/product-alternatives/:id",
      methods: ["POST"],
      middlewares: [
        checkInput({ params: IdParams, body: AdminUpdateProductAlternative }),
        validateAndTransformBody(AdminUpdateProductAlternative),
      ],
    },
  ],
})

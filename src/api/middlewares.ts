import {
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { guardBackorderedFulfillment } from "./admin/orders/guard-backordered-fulfillment"
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
  AdminReleaseBackorders,
  AdminUpdateBackorderPriority,
} from "./admin/backorders/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/backorders",
      methods: ["GET"],
      middlewares: [
        validateAndTransformQuery(AdminGetBackordersParams, {
          defaults: ["id"],
          isList: true,
          defaultLimit: 20,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/release",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminReleaseBackorders)],
    },
    {
      matcher: "/admin/backorders/divide",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminBackorderSelection)],
    },
    {
      matcher: "/admin/backorders/send-available",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminBackorderSelection)],
    },
    {
      matcher: "/admin/backorders/apply-alternatives",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminBackorderSelection)],
    },
    {
      matcher: "/admin/product-alternatives",
      methods: ["GET"],
      middlewares: [
        validateAndTransformQuery(AdminGetProductAlternativesParams, {
          defaults: ["id"],
          isList: true,
        }),
      ],
    },
    {
      matcher: "/admin/product-alternatives",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateProductAlternative)],
    },
    {
      matcher: "/admin/product-alternatives/:id",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateProductAlternative)],
    },
    {
      matcher: "/admin/backorders/network/divide",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminBackorderSelection)],
    },
    {
      matcher: "/admin/backorders/jobs",
      methods: ["GET"],
      middlewares: [
        validateAndTransformQuery(AdminGetBackorderJobsParams, {
          defaults: ["id"],
          isList: true,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/settings",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateBackorderSettings)],
    },
    {
      matcher: "/admin/backorders/simulate",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminSimulateRestock)],
    },
    {
      matcher: "/admin/backorders/reports/skus",
      methods: ["GET"],
      middlewares: [
        validateAndTransformQuery(AdminGetSkuReportParams, {
          defaults: ["sku"],
          isList: false,
        }),
      ],
    },
    {
      matcher: "/admin/backorders/:id/priority",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateBackorderPriority)],
    },
    {
      matcher: "/admin/orders/:id/fulfillments",
      methods: ["POST"],
      middlewares: [guardBackorderedFulfillment],
    },
  ],
})

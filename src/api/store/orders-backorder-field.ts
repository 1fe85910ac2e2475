import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { type StoredBackorderRow, toStoreBackorder } from "./backorders/helpers"

const ASKS_BACKORDER = /(^|,)\s*[+*]?backorder(\.|,|$)/

/**
 * `GET /store/orders/:id?fields=+backorder.*` (Medusa's own order route; the
 * order id is the credential there, as in core): the plugin lets the route
 * read the order's backorder through the order → backorder link with its
 * lines, and answers it under `order.backorder` in the customer's shape —
 * the same as `GET /store/customers/me/backorders`, with the stored date.
 * Registered without `methods` so it runs before Medusa's query validation.
 */
export function orderBackorderField(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const fields = typeof req.query.fields === "string" ? req.query.fields : ""
  if (req.method !== "GET" || !ASKS_BACKORDER.test(fields)) {
    return next()
  }
  req.allowed = [
    ...(req.allowed ?? []),
    "backorder",
    "backorder.*",
    "backorder.lines",
    "backorder.lines.*",
  ]
  req.query.fields = `${fields
    .split(",")
    .filter((f) => !/^[+*]?backorder(\.|$)/.test(f.trim()))
    .join(",")},+backorder.*,+backorder.lines.*`.replace(/^,/, "")
  const json = res.json.bind(res)
  res.json = ((body: any) => {
    if (body?.order && "backorder" in body.order) {
      const linked = ([] as (StoredBackorderRow | null)[])
        .concat(body.order.backorder ?? [])
        .filter((b): b is StoredBackorderRow => !!b)
      body.order.backorder = linked.length ? toStoreBackorder(linked[0]) : null
    }
    return json(body)
  }) as typeof res.json
  return next()
}

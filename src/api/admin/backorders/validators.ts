import { z } from "@medusajs/framework/zod"

const STATUSES = [
  "backorder",
  "network_backorder",
  "pending",
  "canceled",
] as const

/** Accepts `a`, `a,b` and repeated `status[]=a&status[]=b`. */
const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item).min(1)
  )

export const AdminGetBackordersParams = z
  .object({
    status: listOf(z.enum(STATUSES)).optional(),
    order_id: listOf(z.string().min(1)).optional(),
    sku: z.string().min(1).optional(),
    priority: listOf(z.coerce.number().int()).optional(),
    q: z.string().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(20),
  })
  .strict()
export type AdminGetBackordersParamsType = z.infer<
  typeof AdminGetBackordersParams
>

export const AdminUpdateBackorderPriority = z
  .object({
    priority: z.number().int().min(-1000000).max(1000000),
  })
  .strict()
export type AdminUpdateBackorderPriorityType = z.infer<
  typeof AdminUpdateBackorderPriority
>

export const AdminReleaseBackorders = z
  .object({
    inventory_item_ids: z.array(z.string().min(1)).min(1).max(1000).optional(),
  })
  .strict()
export type AdminReleaseBackordersType = z.infer<typeof AdminReleaseBackorders>

/** A selection of backorders for a bulk action (at most 200, like ShipEdge's batches). */
export const AdminBackorderSelection = z
  .object({
    backorder_ids: z
      .array(z.string().min(1))
      .min(1, "Select at least one backorder")
      .max(200, "At most 200 backorders can be processed at once"),
  })
  .strict()
export type AdminBackorderSelectionType = z.infer<
  typeof AdminBackorderSelection
>

export const SKU_REPORT_COLUMNS = [
  "sku",
  "inventory_item_id",
  "units_backordered",
  "orders_waiting",
  "oldest_waiting_since",
  "free",
  "incoming",
  "units_to_release_all",
] as const

/** `order` follows Medusa's convention: a column, descending with a leading "-". */
export const AdminGetSkuReportParams = z
  .object({
    order: z
      .string()
      .refine(
        (value) =>
          (SKU_REPORT_COLUMNS as readonly string[]).includes(
            value.replace(/^-/, "")
          ),
        {
          message: `order must be one of ${SKU_REPORT_COLUMNS.join(", ")} (prefix - for descending)`,
        }
      )
      .default("-units_backordered"),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict()
export type AdminGetSkuReportParamsType = z.infer<
  typeof AdminGetSkuReportParams
>

const RestockLine = z
  .object({
    inventory_item_id: z.string().min(1).optional(),
    sku: z.string().min(1).optional(),
    location_id: z.string().min(1).optional(),
    quantity: z.number().int().positive().max(1000000),
  })
  .strict()
  .refine((line) => !!line.inventory_item_id !== !!line.sku, {
    message: "give either inventory_item_id or sku",
  })

export const AdminSimulateRestock = z
  .object({
    restock: z.array(RestockLine).min(1).max(200),
  })
  .strict()
export type AdminSimulateRestockType = z.infer<typeof AdminSimulateRestock>

export const AdminUpdateBackorderSettings = z
  .object({
    allocation_policy: z.enum(["fill", "complete"]).nullable().optional(),
    network_location_ids: z
      .array(z.string().min(1))
      .max(100)
      .nullable()
      .optional(),
    stuck_after_minutes: z
      .number()
      .int()
      .min(1)
      .max(10080)
      .nullable()
      .optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: "give at least one setting",
  })
export type AdminUpdateBackorderSettingsType = z.infer<
  typeof AdminUpdateBackorderSettings
>

export const AdminGetBackorderJobsParams = z
  .object({
    status: listOf(
      z.enum(["queued", "running", "succeeded", "failed", "stuck"])
    ).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
export type AdminGetBackorderJobsParamsType = z.infer<
  typeof AdminGetBackorderJobsParams
>

import { isDateTime } from "../../../utils/iso"
import { z } from "@medusajs/framework/zod"
import { id, text } from "../../validation"

const STATUSES = [
  "backorder",
  "network_backorder",
  "pending",
  "canceled",
] as const

/** Accepts `a`, `a,b` and repeated `status[]=a&status[]=b` (at most `max` values). */
export const listOf = <T extends z.ZodTypeAny>(item: T, max = 500) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item).min(1).max(max)
  )

export const AdminGetBackordersParams = z
  .object({
    status: listOf(z.enum(STATUSES)).optional(),
    order_id: listOf(id()).optional(),
    sku: text(200).optional(),
    priority: listOf(
      z.coerce.number().int().min(-1000000).max(1000000)
    ).optional(),
    q: text(200).optional(),
    /** Keyset pagination: the `next_cursor` of the previous page (instead of `offset`). */
    after: text(500).optional(),
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
    inventory_item_ids: z.array(id()).min(1).max(1000).optional(),
  })
  .strict()
export type AdminReleaseBackordersType = z.infer<typeof AdminReleaseBackorders>

/** A selection of backorders for a bulk action (at most 200, like ShipEdge's batches). */
export const AdminBackorderSelection = z
  .object({
    backorder_ids: z
      .array(id())
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
  "all_released_expected_at",
] as const

/** `order` follows Medusa's convention: a column, descending with a leading "-". */
export const AdminGetSkuReportParams = z
  .object({
    order: text(100)
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
    /** A page of the JSON report; the CSV always holds every SKU. */
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
export type AdminGetSkuReportParamsType = z.infer<
  typeof AdminGetSkuReportParams
>

const RestockLine = z
  .object({
    inventory_item_id: id().optional(),
    sku: text(200).optional(),
    location_id: id().optional(),
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
    network_location_ids: z.array(id()).max(100).nullable().optional(),
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

/** The unlockable list is paginated: at most one bulk action's worth per page by default. */
export const AdminGetUnlockableParams = z
  .object({
    /** Keyset pagination: the `next_cursor` of the previous page (instead of `offset`). */
    after: text(500).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict()
export type AdminGetUnlockableParamsType = z.infer<
  typeof AdminGetUnlockableParams
>

const ARRIVAL_STATUSES = ["expected", "received", "canceled"] as const

/** A date-time (ISO 8601) or a date (YYYY-MM-DD, midnight UTC). */
const dateTime = () =>
  text(40).refine(isDateTime, {
    message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time",
  })

const arrivalQuantity = () => z.number().int().min(1).max(1000000)

export const AdminGetBackorderArrivalsParams = z
  .object({
    inventory_item_id: listOf(id()).optional(),
    location_id: listOf(id()).optional(),
    status: listOf(z.enum(ARRIVAL_STATUSES)).optional(),
    overdue: z.enum(["true", "false"]).optional(),
    /** csv: every matching arrival, in the columns the import reads. */
    format: z.enum(["json", "csv"]).default("json"),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
export type AdminGetBackorderArrivalsParamsType = z.infer<
  typeof AdminGetBackorderArrivalsParams
>

export const AdminCreateBackorderArrival = z
  .object({
    inventory_item_id: id(),
    location_id: id(),
    quantity: arrivalQuantity(),
    expected_at: dateTime(),
    reference: text(200).nullable().optional(),
  })
  .strict()
export type AdminCreateBackorderArrivalType = z.infer<
  typeof AdminCreateBackorderArrival
>

export const AdminUpdateBackorderArrival = z
  .object({
    location_id: id().optional(),
    quantity: arrivalQuantity().optional(),
    expected_at: dateTime().optional(),
    reference: text(200).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message:
      "give at least one of location_id, quantity, expected_at, reference",
  })
export type AdminUpdateBackorderArrivalType = z.infer<
  typeof AdminUpdateBackorderArrival
>

export const AdminReceiveBackorderArrival = z
  .object({ quantity: arrivalQuantity().optional() })
  .strict()
export type AdminReceiveBackorderArrivalType = z.infer<
  typeof AdminReceiveBackorderArrival
>

/** A CSV of arrivals (the list's columns), as text: rows without id are new, rows with id edit that arrival. */
export const AdminImportBackorderArrivals = z
  .object({ csv: z.string().min(1).max(1_000_000) })
  .strict()
export type AdminImportBackorderArrivalsType = z.infer<
  typeof AdminImportBackorderArrivals
>

import { z } from "@medusajs/framework/zod"
import { listOf } from "../../admin/backorders/validators"
import { id } from "../../validation"

export const StoreGetBackorderAvailabilityParams = z
  .object({
    variant_id: listOf(id(), 100),
    sales_channel_id: id().optional(),
  })
  .strict()
export type StoreGetBackorderAvailabilityParamsType = z.infer<
  typeof StoreGetBackorderAvailabilityParams
>

export const StoreGetCustomerBackordersParams = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
export type StoreGetCustomerBackordersParamsType = z.infer<
  typeof StoreGetCustomerBackordersParams
>

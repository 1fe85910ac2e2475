import { z } from "@medusajs/framework/zod"
import { id } from "../../validation"

export const AdminCreateProductAlternative = z
  .object({
    variant_id: id(),
    alternative_variant_id: id(),
    rank: z.number().int().min(1).max(1000).optional(),
    two_way: z.boolean().optional(),
  })
  .strict()
export type AdminCreateProductAlternativeType = z.infer<
  typeof AdminCreateProductAlternative
>

export const AdminUpdateProductAlternative = z
  .object({
    rank: z.number().int().min(1).max(1000).optional(),
    two_way: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.rank !== undefined || body.two_way !== undefined, {
    message: "give rank or two_way",
  })
export type AdminUpdateProductAlternativeType = z.infer<
  typeof AdminUpdateProductAlternative
>

export const AdminGetProductAlternativesParams = z
  .object({
    variant_id: id().optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
export type AdminGetProductAlternativesParamsType = z.infer<
  typeof AdminGetProductAlternativesParams
>

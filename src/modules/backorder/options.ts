import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

const idList = z.array(z.string().min(1))

/**
 * A rule that sets the initial priority of a new backorder. A rule matches when
 * every condition it lists matches; the highest matching priority wins, and
 * `default_priority` applies when none matches.
 */
export const PriorityRuleSchema = z
  .object({
    priority: z.number().int(),
    customer_group_ids: idList.optional(),
    sales_channel_ids: idList.optional(),
    shipping_option_ids: idList.optional(),
  })
  .refine(
    (rule) =>
      !!(
        rule.customer_group_ids?.length ||
        rule.sales_channel_ids?.length ||
        rule.shipping_option_ids?.length
      ),
    {
      message:
        "a priority rule needs at least one of customer_group_ids, sales_channel_ids, shipping_option_ids",
    }
  )

export const BackorderModuleOptionsSchema = z.object({
  allocation_policy: z.enum(["fill", "complete"]).default("fill"),
  location_priority: idList.default([]),
  network_location_ids: idList.default([]),
  priority_rules: z.array(PriorityRuleSchema).default([]),
  default_priority: z.number().int().default(0),
  stuck_after_minutes: z.number().int().positive().default(30),
  max_network_batch: z.number().int().min(1).max(1000).default(200),
  /** Price of a line added by Apply Alternatives: the original line's, or the alternative's own. */
  alternative_pricing: z.enum(["original", "alternative"]).default("original"),
  /** Seconds a release waits for the inventory locks before giving up (the sweep retries). */
  lock_timeout_seconds: z.number().positive().max(120).default(10),
})

export type PriorityRule = z.infer<typeof PriorityRuleSchema>
export type BackorderModuleOptions = z.infer<
  typeof BackorderModuleOptionsSchema
>
export type BackorderModuleOptionsInput = z.input<
  typeof BackorderModuleOptionsSchema
>

/**
 * Parses the plugin options (Medusa passes the plugin's `options` to every
 * module of the plugin, plus keys of its own such as `database`, which are
 * ignored here). Throws an `INVALID_DATA` MedusaError naming each bad option.
 */
export function parseBackorderOptions(raw: unknown): BackorderModuleOptions {
  const result = BackorderModuleOptionsSchema.safeParse(raw ?? {})
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues
    .map((issue) => `${issue.path.join(".") || "(options)"}: ${issue.message}`)
    .join("; ")
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-plugin-backorders: invalid plugin options — ${problems}`
  )
}

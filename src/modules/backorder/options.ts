import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { parseExpression } from "cron-parser"

const isCron = (value: string): boolean => {
  try {
    parseExpression(value)
    return value.split(/\s+/).length >= 5
  } catch {
    return false
  }
}

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
  /** Seconds a plan waits for the inventory locks before giving up (its change stays queued and is retried). */
  lock_timeout_seconds: z.number().positive().max(120).default(10),
  /**
   * Seconds the inventory locks and a worker's claim on queued changes
   * outlive a process that died holding them (renewed while it lives).
   */
  lock_lease_seconds: z.number().int().min(2).max(600).default(30),
  /**
   * When the consistency sweep runs (DESIGN D8): a cron expression (5 fields,
   * or 6 with seconds), or "off". It re-queues what no trigger reported —
   * checkout reservations no plan has seen, waiting demand next to free stock,
   * orphaned processes, stalled jobs — group by group.
   */
  sweep_schedule: z
    .string()
    .trim()
    .refine((value) => value === "off" || isCron(value), {
      message: 'must be a cron expression (e.g. "* * * * *") or "off"',
    })
    .default("* * * * *"),
  /** Queued changes one worker claims at a time. */
  change_batch_size: z.number().int().min(1).max(1000).default(200),
  /**
   * Waiting orders of one inventory item that one plan hands stock to under
   * its lock; a larger release goes on in further plans (queued at once), so a
   * checkout of that item waits for one slice, not the whole release. 0 turns
   * slices off.
   */
  release_slice_size: z.number().int().min(0).max(100000).default(1000),
  /** Attempts of a background job's step on one order before that order is recorded as failed. */
  job_step_attempts: z.number().int().min(1).max(20).default(3),
  /**
   * Seconds a fulfilment of an order waits while another fulfilment of the
   * same order is being created (DESIGN D11) before answering 409.
   */
  fulfillment_wait_seconds: z.number().min(0).max(120).default(10),
  /**
   * Seconds an order's fulfilment lock outlives a process that died while
   * creating a fulfilment: longer than your slowest fulfilment provider call.
   */
  fulfillment_lease_seconds: z.number().int().min(10).max(3600).default(120),
  /**
   * When every waiting order's estimated date is recomputed from the expected
   * arrivals (DESIGN D12): a cron expression, or "off". Dates are also
   * recomputed for an item when its arrivals change and for a new backorder.
   */
  estimate_schedule: z
    .string()
    .trim()
    .refine((value) => value === "off" || isCron(value), {
      message: 'must be a cron expression (e.g. "*/15 * * * *") or "off"',
    })
    .default("*/15 * * * *"),
  /**
   * Customer notifications through Medusa's Notification Module: the channel
   * (a provider must serve it), the template of each notification, and how
   * many days an estimate must move before the customer is told. `false`
   * turns them off.
   */
  notifications: z
    .union([
      z.literal(false),
      z
        .object({
          channel: z.string().min(1).default("email"),
          templates: z
            .object({
              backordered: z.string().min(1).default("backorder-created"),
              released: z.string().min(1).default("backorder-released"),
              estimate_changed: z
                .string()
                .min(1)
                .default("backorder-estimate-changed"),
            })
            .strict()
            .default({
              backordered: "backorder-created",
              released: "backorder-released",
              estimate_changed: "backorder-estimate-changed",
            }),
          estimate_change_days: z.number().min(0).max(365).default(2),
        })
        .strict(),
    ])
    .default({
      channel: "email",
      templates: {
        backordered: "backorder-created",
        released: "backorder-released",
        estimate_changed: "backorder-estimate-changed",
      },
      estimate_change_days: 2,
    }),
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

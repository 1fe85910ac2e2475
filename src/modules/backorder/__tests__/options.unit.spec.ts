import { parseBackorderOptions } from "../options"

describe("plugin options", () => {
  it("applies the defaults and ignores keys Medusa adds (such as database)", () => {
    expect(
      parseBackorderOptions({ database: { clientUrl: "postgres://x" } })
    ).toEqual({
      allocation_policy: "fill",
      location_priority: [],
      network_location_ids: [],
      priority_rules: [],
      default_priority: 0,
      stuck_after_minutes: 30,
      max_network_batch: 200,
      alternative_pricing: "original",
      lock_timeout_seconds: 10,
      lock_lease_seconds: 30,
      sweep_schedule: "* * * * *",
      change_batch_size: 200,
      release_slice_size: 1000,
      job_step_attempts: 3,
      fulfillment_wait_seconds: 10,
      fulfillment_lease_seconds: 120,
      estimate_schedule: "*/15 * * * *",
      notifications: {
        channel: "email",
        templates: {
          backordered: "backorder-created",
          released: "backorder-released",
          estimate_changed: "backorder-estimate-changed",
        },
        estimate_change_days: 2,
      },
    })
  })

  it("takes notifications off, or partly configured with the rest defaulted", () => {
    expect(parseBackorderOptions({ notifications: false }).notifications).toBe(
      false
    )
    expect(
      parseBackorderOptions({
        notifications: { channel: "feed", templates: { released: "ready" } },
      }).notifications
    ).toEqual({
      channel: "feed",
      templates: {
        backordered: "backorder-created",
        released: "ready",
        estimate_changed: "backorder-estimate-changed",
      },
      estimate_change_days: 2,
    })
    expect(() =>
      parseBackorderOptions({ notifications: { chanel: "email" } })
    ).toThrow(/notifications/)
  })

  it("takes a release slice size, 0 for whole releases, and refuses negative or fractional ones", () => {
    expect(
      parseBackorderOptions({ release_slice_size: 0 }).release_slice_size
    ).toBe(0)
    expect(
      parseBackorderOptions({ release_slice_size: 250 }).release_slice_size
    ).toBe(250)
    expect(() => parseBackorderOptions({ release_slice_size: -1 })).toThrow(
      /release_slice_size/
    )
    expect(() => parseBackorderOptions({ release_slice_size: 2.5 })).toThrow(
      /release_slice_size/
    )
  })

  it("takes a sweep schedule as a cron expression (with or without seconds) or off", () => {
    expect(
      parseBackorderOptions({ sweep_schedule: "*/5 * * * *" }).sweep_schedule
    ).toBe("*/5 * * * *")
    expect(
      parseBackorderOptions({ sweep_schedule: "*/30 * * * * *" }).sweep_schedule
    ).toBe("*/30 * * * * *")
    expect(
      parseBackorderOptions({ sweep_schedule: "off" }).sweep_schedule
    ).toBe("off")
    expect(() =>
      parseBackorderOptions({ sweep_schedule: "every minute" })
    ).toThrow(/sweep_schedule: must be a cron expression/)
  })

  it("names a wrong allocation_policy in a MedusaError", () => {
    expect(() => parseBackorderOptions({ allocation_policy: "fifo" })).toThrow(
      /invalid plugin options — allocation_policy: .*"fill".*"complete"/
    )
  })

  it("names the bad field of a priority rule", () => {
    expect(() =>
      parseBackorderOptions({
        priority_rules: [{ priority: 1.5, sales_channel_ids: ["sc"] }],
      })
    ).toThrow(/priority_rules\.0\.priority/)
  })

  it("refuses a priority rule without any condition", () => {
    expect(() =>
      parseBackorderOptions({ priority_rules: [{ priority: 3 }] })
    ).toThrow(/at least one of/)
  })

  it("refuses location_priority that is not a list of ids", () => {
    expect(() =>
      parseBackorderOptions({ location_priority: "sloc_1" })
    ).toThrow(/location_priority/)
  })
})

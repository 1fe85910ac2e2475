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
    })
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

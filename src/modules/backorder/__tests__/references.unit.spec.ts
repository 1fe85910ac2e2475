import { checkOptionReferences, optionReferences } from "../references"

const options = {
  location_priority: ["sloc_main", "sloc_ok"],
  network_location_ids: ["sloc_3pl"],
  priority_rules: [
    { priority: 10, shipping_option_ids: ["so_express"] },
    {
      priority: 5,
      customer_group_ids: ["cusgroup_vip"],
      sales_channel_ids: ["sc_ok"],
    },
  ],
}

describe("option references", () => {
  it("lists every id with the option path it was given at", () => {
    expect(optionReferences(options)).toEqual([
      {
        option: "location_priority[0]",
        kind: "stock_location",
        id: "sloc_main",
      },
      { option: "location_priority[1]", kind: "stock_location", id: "sloc_ok" },
      {
        option: "network_location_ids[0]",
        kind: "stock_location",
        id: "sloc_3pl",
      },
      {
        option: "priority_rules[0].shipping_option_ids[0]",
        kind: "shipping_option",
        id: "so_express",
      },
      {
        option: "priority_rules[1].customer_group_ids[0]",
        kind: "customer_group",
        id: "cusgroup_vip",
      },
      {
        option: "priority_rules[1].sales_channel_ids[0]",
        kind: "sales_channel",
        id: "sc_ok",
      },
    ])
  })

  it("asks only for the named ids and reports each missing one with its option", async () => {
    const asked: Record<string, unknown> = {}
    const query = {
      graph: async ({
        entity,
        filters,
      }: {
        entity: string
        fields: string[]
        filters: Record<string, unknown>
      }) => {
        asked[entity] = filters.id
        const exists = ["sloc_ok", "sloc_3pl", "sc_ok"]
        return {
          data: (filters.id as string[])
            .filter((id) => exists.includes(id))
            .map((id) => ({ id })),
        }
      },
    }
    const lines = await checkOptionReferences(() => query, options)
    expect(asked).toEqual({
      stock_location: ["sloc_main", "sloc_ok", "sloc_3pl"],
      shipping_option: ["so_express"],
      customer_group: ["cusgroup_vip"],
      sales_channel: ["sc_ok"],
    })
    expect(lines).toEqual([
      'medusa-plugin-backorders: option location_priority[0] names stock location "sloc_main", which does not exist; the option has no effect until it names an existing stock location.',
      'medusa-plugin-backorders: option priority_rules[0].shipping_option_ids[0] names shipping option "so_express", which does not exist; the option has no effect until it names an existing shipping option.',
      'medusa-plugin-backorders: option priority_rules[1].customer_group_ids[0] names customer group "cusgroup_vip", which does not exist; the option has no effect until it names an existing customer group.',
    ])
  })

  it("asks nothing when the options name no ids", async () => {
    const resolveQuery = jest.fn()
    expect(
      await checkOptionReferences(resolveQuery, {
        location_priority: [],
        network_location_ids: [],
        priority_rules: [],
      })
    ).toEqual([])
    expect(resolveQuery).not.toHaveBeenCalled()
  })
})

import {
  type AlternativeCandidatesInput,
  chooseAlternatives,
} from "../alternatives"

const base = (
  overrides: Partial<AlternativeCandidatesInput> = {}
): AlternativeCandidatesInput => ({
  backorder_id: "bo_1",
  order_id: "order_1",
  waiting: true,
  location_ids: ["loc_1"],
  pricing: "original",
  lines: [
    {
      line_item_id: "li_1",
      variant_id: "v_a",
      sku: "A",
      quantity: 3,
      backordered: 2,
      unit_price: 10,
    },
  ],
  alternatives: [
    {
      variant_id: "v_a",
      alternative_variant_id: "v_b",
      rank: 1,
      two_way: false,
    },
    {
      variant_id: "v_a",
      alternative_variant_id: "v_c",
      rank: 2,
      two_way: false,
    },
  ],
  variants: {
    v_b: {
      sku: "B",
      manage_inventory: true,
      components: [{ inventory_item_id: "i_b", required_quantity: 1 }],
    },
    v_c: {
      sku: "C",
      manage_inventory: true,
      components: [{ inventory_item_id: "i_c", required_quantity: 1 }],
    },
  },
  free: { "i_b|loc_1": 1, "i_c|loc_1": 5 },
  ...overrides,
})

describe("chooseAlternatives", () => {
  it("takes the best-ranked alternative that covers every backordered unit: B has 1, C has 5 → C", () => {
    expect(chooseAlternatives(base()).replacements).toEqual([
      {
        line_item_id: "li_1",
        from_variant_id: "v_a",
        from_sku: "A",
        to_variant_id: "v_c",
        to_sku: "C",
        quantity: 2,
        unit_price: 10,
        remaining_quantity: 1,
      },
    ])
  })

  it("prefers rank 1 when it has enough", () => {
    expect(
      chooseAlternatives(base({ free: { "i_b|loc_1": 2 } })).replacements[0]
        .to_variant_id
    ).toBe("v_b")
  })

  it("uses a two-way alternative declared the other way round", () => {
    const decision = chooseAlternatives(
      base({
        alternatives: [
          {
            variant_id: "v_c",
            alternative_variant_id: "v_a",
            rank: 1,
            two_way: true,
          },
        ],
      })
    )
    expect(decision.replacements[0].to_variant_id).toBe("v_c")
  })

  it("ignores a one-way alternative declared the other way round", () => {
    const decision = chooseAlternatives(
      base({
        alternatives: [
          {
            variant_id: "v_c",
            alternative_variant_id: "v_a",
            rank: 1,
            two_way: false,
          },
        ],
      })
    )
    expect(decision).toEqual({
      replacements: [],
      misses: [
        {
          line_item_id: "li_1",
          sku: "A",
          reason: "no alternative is configured",
        },
      ],
    })
  })

  it("does not give the same stock to two lines", () => {
    const decision = chooseAlternatives(
      base({
        lines: [
          {
            line_item_id: "li_1",
            variant_id: "v_a",
            sku: "A",
            quantity: 2,
            backordered: 2,
            unit_price: 10,
          },
          {
            line_item_id: "li_2",
            variant_id: "v_a",
            sku: "A",
            quantity: 2,
            backordered: 2,
            unit_price: 10,
          },
        ],
        alternatives: [
          {
            variant_id: "v_a",
            alternative_variant_id: "v_b",
            rank: 1,
            two_way: false,
          },
        ],
        free: { "i_b|loc_1": 3 },
      })
    )
    expect(decision.replacements.map((r) => r.line_item_id)).toEqual(["li_1"])
    expect(decision.misses).toEqual([
      {
        line_item_id: "li_2",
        sku: "A",
        reason: "no alternative has enough stock",
      },
    ])
  })

  it("keeps the alternative's own price when pricing is alternative", () => {
    expect(
      chooseAlternatives(base({ pricing: "alternative" })).replacements[0]
    ).not.toHaveProperty("unit_price")
  })

  it("does nothing for a backorder that no longer waits", () => {
    expect(chooseAlternatives(base({ waiting: false }))).toEqual({
      replacements: [],
      misses: [],
    })
  })
})

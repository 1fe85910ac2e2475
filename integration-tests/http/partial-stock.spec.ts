import { type ProductFixture } from "../../dev/fixtures"
import { failure } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"

backorderSpec(
  {
    products: ({ locationIds: [location] }) => ({
      mug: {
        title: "Mug",
        sku: "MUG",
        stock: { [location]: 10 },
      },
      lamp: {
        title: "Lamp",
        sku: "LAMP",
        stock: { [location]: 0 },
      },
    }),
  },
  (spec) => {
    const { api, kit } = spec
    let headers: Record<string, string>
    let location: string
    let mug: ProductFixture
    let lamp: ProductFixture
    beforeAll(() => {
      ;({ headers, location } = spec)
      ;({ mug, lamp } = spec.products)
    })

    const fulfil = (orderId: string, itemId: string, quantity: number) =>
      api.post(
        `/admin/orders/${orderId}/fulfillments`,
        { items: [{ id: itemId, quantity }], location_id: location },
        { headers }
      )

    const itemOf = (
      order: { items: { id: string; variant_id: string }[] },
      variantId: string
    ) => order.items.find((item) => item.variant_id === variantId)!.id

    it("divides an unlockable order: the covered units ship through Medusa, the rest waits and releases later", async () => {
      const order = await kit.order({
        items: [
          { variant_id: mug.variantId, quantity: 2 },
          { variant_id: lamp.variantId, quantity: 1 },
        ],
      })
      const mugItem = itemOf(order, mug.variantId)
      const lampItem = itemOf(order, lamp.variantId)
      const backorder = await kit.backorderOf(order.id)

      const { data: unlockable } = await api.get(
        "/admin/backorders/unlockable",
        { headers }
      )
      expect(unlockable.backorders).toHaveLength(1)
      expect(unlockable.backorders[0]).toMatchObject({
        id: backorder.id,
        order_id: order.id,
      })
      expect(
        Object.fromEntries(
          unlockable.backorders[0].lines.map((l: any) => [
            l.sku,
            [l.quantity_to_ship, l.quantity_to_wait],
          ])
        )
      ).toEqual({ MUG: [2, 0], LAMP: [0, 1] })
      const { data: summary } = await api.get("/admin/backorders/summary", {
        headers,
      })
      expect(summary.unlockable).toBe(1)
      const { data: why } = await api.get(`/admin/backorders/${backorder.id}`, {
        headers,
      })
      expect(why.backorder.explanation).toMatchObject({
        unlockable: true,
        unlockable_reason: "2 unit(s) in stock can ship now with Divide",
      })

      // Before dividing, nothing of a waiting backorder ships.
      expect((await failure(fulfil(order.id, mugItem, 2))).status).toBe(400)

      const { data: divided } = await api.post(
        "/admin/backorders/divide",
        { backorder_ids: [backorder.id] },
        { headers }
      )
      expect(divided.results).toEqual([
        expect.objectContaining({
          backorder_id: backorder.id,
          order_id: order.id,
          outcome: "divided",
        }),
      ])
      const after = await kit.backorderOf(order.id)
      expect(after.status).toBe("backorder")
      expect(
        Object.fromEntries(
          after.lines.map((l: any) => [l.sku, l.quantity_released])
        )
      ).toEqual({ MUG: 2, LAMP: 0 })
      expect(
        (await api.get("/admin/backorders/summary", { headers })).data
          .unlockable
      ).toBe(0)
      const { data: detail } = await api.get(
        `/admin/backorders/${backorder.id}`,
        { headers }
      )
      expect(
        detail.backorder.events.map((e: { type: string }) => e.type)
      ).toEqual(["created", "divided"])
      expect(detail.backorder.events[1]).toMatchObject({ actor_type: "user" })

      const { data: whyNot } = await api.get(
        `/admin/backorders/${backorder.id}`,
        { headers }
      )
      expect(whyNot.backorder.explanation).toMatchObject({
        unlockable: false,
        unlockable_reason: expect.stringContaining("already released"),
      })

      // Dividing twice divides once.
      const { data: again } = await api.post(
        "/admin/backorders/divide",
        { backorder_ids: [backorder.id] },
        { headers }
      )
      expect(again.results[0]).toMatchObject({
        outcome: "skipped",
        reason: expect.stringContaining("already released"),
      })

      // Exactly the covered units ship; the lamp and any extra mug are refused.
      const lampRefused = await failure(fulfil(order.id, lampItem, 1))
      expect(lampRefused.status).toBe(400)
      expect(lampRefused.data.message).toContain("SKU LAMP")
      expect((await failure(fulfil(order.id, mugItem, 3))).status).toBe(400)
      await fulfil(order.id, mugItem, 2)
      expect(await kit.level(mug.inventoryItemIds[0], location)).toEqual({
        stocked: 8,
        reserved: 0,
      })
      expect((await failure(fulfil(order.id, mugItem, 1))).status).toBe(400)

      // The remainder arrives: the order releases as usual, and the lamp ships.
      await kit.setStock(lamp.inventoryItemIds[0], location, 1)
      expect((await kit.backorderOf(order.id)).status).toBe("pending")
      await fulfil(order.id, lampItem, 1)
      expect(await kit.level(lamp.inventoryItemIds[0], location)).toEqual({
        stocked: 0,
        reserved: 0,
      })
      expect(await kit.level(mug.inventoryItemIds[0], location)).toEqual({
        stocked: 8,
        reserved: 0,
      })
    })

    it("sends what is available for a selection and reports the skipped ones with the reason", async () => {
      const partial = await kit.order({
        items: [
          { variant_id: mug.variantId, quantity: 1 },
          { variant_id: lamp.variantId, quantity: 2 },
        ],
      })
      const nothing = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const ids = [
        (await kit.backorderOf(partial.id)).id,
        (await kit.backorderOf(nothing.id)).id,
      ]

      const { data } = await api.post(
        "/admin/backorders/send-available",
        { backorder_ids: ids },
        { headers }
      )
      expect(data.results).toEqual([
        expect.objectContaining({
          backorder_id: ids[0],
          order_id: partial.id,
          outcome: "divided",
        }),
        expect.objectContaining({
          backorder_id: ids[1],
          order_id: nothing.id,
          outcome: "skipped",
          reason: "nothing to ship yet: no stock covers any of its units",
        }),
      ])
      await fulfil(partial.id, itemOf(partial, mug.variantId), 1)
      expect(await kit.level(mug.inventoryItemIds[0], location)).toEqual({
        stocked: 9,
        reserved: 0,
      })
    })

    it("simulates a restock exactly as the real restock then releases, without changing anything", async () => {
      const first = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const second = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 2 }],
      })
      const third = await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 1 }],
      })
      const ids = Object.fromEntries(
        await Promise.all(
          [first, second, third].map(
            async (o, i) => [i, (await kit.backorderOf(o.id)).id] as const
          )
        )
      )
      const before = await api.get("/admin/backorders?sku=LAMP", { headers })

      const { data: simulation } = await api.post(
        "/admin/backorders/simulate",
        { restock: [{ sku: "LAMP", quantity: 2 }] },
        { headers }
      )
      expect(simulation).toEqual({
        released: [{ backorder_id: ids[0], order_id: first.id }],
        unlockable: [{ backorder_id: ids[1], order_id: second.id }],
        remaining: [
          {
            inventory_item_id: lamp.inventoryItemIds[0],
            location_id: location,
            quantity: 0,
          },
        ],
      })
      expect(
        (await api.get("/admin/backorders?sku=LAMP", { headers })).data
      ).toEqual(before.data)

      await kit.setStock(lamp.inventoryItemIds[0], location, 2)
      const { data: pending } = await api.get(
        "/admin/backorders?sku=LAMP&status=pending",
        { headers }
      )
      expect(pending.backorders.map((b: { id: string }) => b.id)).toEqual([
        ids[0],
      ])
      const { data: unlockable } = await api.get(
        "/admin/backorders/unlockable",
        { headers }
      )
      expect(unlockable.backorders.map((b: { id: string }) => b.id)).toEqual([
        ids[1],
      ])
      expect((await kit.backorderOf(third.id)).lines[0].quantity_covered).toBe(
        0
      )

      const unknownSku = await failure(
        api.post(
          "/admin/backorders/simulate",
          { restock: [{ sku: "NOPE", quantity: 1 }] },
          { headers }
        )
      )
      expect(unknownSku.status).toBe(404)
      expect(unknownSku.data.message).toContain("SKU NOPE")
      const both = await failure(
        api.post(
          "/admin/backorders/simulate",
          {
            restock: [
              {
                sku: "LAMP",
                inventory_item_id: lamp.inventoryItemIds[0],
                quantity: 1,
              },
            ],
          },
          { headers }
        )
      )
      expect(both.status).toBe(400)
      const zero = await failure(
        api.post(
          "/admin/backorders/simulate",
          { restock: [{ sku: "LAMP", quantity: 0 }] },
          { headers }
        )
      )
      expect(zero.status).toBe(400)
      const badLocation = await failure(
        api.post(
          "/admin/backorders/simulate",
          { restock: [{ sku: "LAMP", quantity: 1, location_id: "sloc_nope" }] },
          { headers }
        )
      )
      expect(badLocation.status).toBe(404)
    })

    it("reports the SKUs causing the waiting, as JSON and as the same CSV", async () => {
      await kit.order({
        items: [
          { variant_id: lamp.variantId, quantity: 2 },
          { variant_id: mug.variantId, quantity: 1 },
        ],
      })
      await kit.order({
        items: [{ variant_id: lamp.variantId, quantity: 3 }],
      })
      await api.post(
        `/admin/inventory-items/${lamp.inventoryItemIds[0]}/location-levels/${location}`,
        { incoming_quantity: 7 },
        { headers }
      )

      const { data } = await api.get("/admin/backorders/reports/skus", {
        headers,
      })
      expect(data.skus).toEqual([
        {
          sku: "LAMP",
          inventory_item_id: lamp.inventoryItemIds[0],
          units_backordered: 5,
          orders_waiting: 2,
          oldest_waiting_since: expect.any(String),
          free: 0,
          incoming: 7,
          units_to_release_all: 5,
          // Nothing recorded as an expected arrival: no date.
          all_released_expected_at: null,
        },
      ])

      const csv = await api.get(
        "/admin/backorders/reports/skus?format=csv&order=sku",
        { headers, responseType: "arraybuffer" }
      )
      expect(csv.headers["content-type"]).toContain("text/csv")
      expect(csv.headers["content-disposition"]).toContain(
        "backorders-skus.csv"
      )
      // UTF-8 with a byte order mark, so spreadsheets read it as UTF-8.
      const bytes = Buffer.from(csv.data)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const [header, ...rows] = bytes
        .subarray(3)
        .toString("utf8")
        .trim()
        .split("\n")
      expect(header).toBe(
        "sku,inventory_item_id,units_backordered,orders_waiting,oldest_waiting_since,free,incoming,units_to_release_all,all_released_expected_at"
      )
      expect(rows).toEqual([
        [
          "LAMP",
          lamp.inventoryItemIds[0],
          5,
          2,
          data.skus[0].oldest_waiting_since,
          0,
          7,
          5,
          "",
        ].join(","),
      ])
      expect(
        (
          await failure(
            api.get("/admin/backorders/reports/skus?order=price", { headers })
          )
        ).status
      ).toBe(400)

      // Mugs run out: two SKUs, a page at a time, sorted by what the module
      // counts (stock read for the page) and by stock (read for all).
      await kit.setStock(mug.inventoryItemIds[0], location, 0)
      await kit.order({ items: [{ variant_id: mug.variantId, quantity: 1 }] })
      const page = async (query: string) =>
        (await api.get(`/admin/backorders/reports/skus?${query}`, { headers }))
          .data
      const mugRow = {
        sku: "MUG",
        inventory_item_id: mug.inventoryItemIds[0],
        units_backordered: 2,
        orders_waiting: 2,
        free: 0,
        incoming: 0,
        units_to_release_all: 2,
        all_released_expected_at: null,
      }
      expect(await page("limit=1")).toMatchObject({
        skus: [{ sku: "LAMP", units_backordered: 5, free: 0, incoming: 7 }],
        count: 2,
        offset: 0,
        limit: 1,
      })
      expect(await page("limit=1&offset=1")).toMatchObject({
        skus: [mugRow],
        count: 2,
      })
      expect((await page("order=-incoming&limit=1&offset=1")).skus).toEqual([
        expect.objectContaining(mugRow),
      ])
      expect(
        (await page("order=sku&limit=5")).skus.map((r: any) => r.sku)
      ).toEqual(["LAMP", "MUG"])
      expect((await page("offset=2")).skus).toEqual([])
    })

    it("refuses empty, oversized and unknown selections without writing anything", async () => {
      const order = await kit.order({
        items: [
          { variant_id: mug.variantId, quantity: 1 },
          { variant_id: lamp.variantId, quantity: 1 },
        ],
      })
      const backorder = await kit.backorderOf(order.id)

      const empty = await failure(
        api.post("/admin/backorders/divide", { backorder_ids: [] }, { headers })
      )
      expect(empty.status).toBe(400)
      expect(empty.data.message).toContain("backorder_ids")

      const many = Array.from({ length: 201 }, (_, i) => `bo_${i}`)
      const oversized = await failure(
        api.post(
          "/admin/backorders/send-available",
          { backorder_ids: many },
          { headers }
        )
      )
      expect(oversized.status).toBe(400)
      expect(oversized.data.message).toContain("200")

      const unknown = await failure(
        api.post(
          "/admin/backorders/divide",
          { backorder_ids: [backorder.id, "bo_unknown"] },
          { headers }
        )
      )
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toContain("bo_unknown")
      expect(await kit.backorderOf(order.id)).toEqual(backorder)

      expect(
        (
          await failure(
            api.post("/admin/backorders/divide", {
              backorder_ids: [backorder.id],
            })
          )
        ).status
      ).toBe(401)
    })

    it("pages the unlockable list by cursor in rank order, the same as one page", async () => {
      for (let i = 0; i < 3; i++) {
        await kit.order({
          items: [
            { variant_id: mug.variantId, quantity: 1 },
            { variant_id: lamp.variantId, quantity: 1 },
          ],
        })
      }
      const get = async (query: string) =>
        (await api.get(`/admin/backorders/unlockable?${query}`, { headers }))
          .data
      const all = await get("limit=500")
      expect(all.count).toBeGreaterThanOrEqual(3)
      const paged: string[] = []
      let page = await get("limit=2")
      // Bounded: a cursor that led back to the same page must fail, not loop.
      for (let pages = 1; pages <= all.count; pages++) {
        paged.push(...page.backorders.map((b: { id: string }) => b.id))
        if (!page.next_cursor) {
          break
        }
        page = await get(`limit=2&after=${page.next_cursor}`)
      }
      expect(paged).toEqual(all.backorders.map((b: { id: string }) => b.id))
      expect(page.count).toBe(all.count)
    })
  }
)

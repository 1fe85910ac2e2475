import { InventoryEvents, Modules } from "@medusajs/framework/utils"
import {
  createProduct,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import { eventually, failure, inDays } from "../helpers/backorders"
import { backorderSpec } from "../helpers/suite"

/**
 * Expected arrivals (DESIGN D12) through the admin API: recorded, edited,
 * received in parts and canceled, with Medusa's incoming_quantity kept equal
 * to what is still expected, estimated dates for the waiting orders from the
 * planner, and receipts releasing the orders that had that date.
 */
backorderSpec(
  {
    store: {
      locations: ["Main", "Second"],
    },
    products: ({ locationIds: [location] }) => ({
      lamp: {
        title: "Lamp",
        sku: "LAMP",
        stock: { [location]: 0 },
      },
    }),
  },
  (spec) => {
    const { api, getContainer, kit } = spec
    let store: StoreFixture
    let headers: Record<string, string>
    let location: string
    let lamp: ProductFixture
    beforeAll(() => {
      ;({ store, headers, location } = spec)
      ;({ lamp } = spec.products)
    })

    const incoming = async (itemId: string, locationId = location) => {
      const [level] = await getContainer()
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({
          inventory_item_id: itemId,
          location_id: locationId,
        })
      return Number(level.incoming_quantity)
    }
    const estimateOf = async (orderId: string) => {
      const backorder = await kit.backorderOf(orderId)
      const { data } = await api.get(`/admin/backorders/${backorder.id}`, {
        headers,
      })
      return data.backorder.explanation?.estimate ?? null
    }
    const post = (path: string, body: unknown = {}) =>
      api.post(path, body, { headers }).then((r: { data: any }) => r.data)

    it("dates the waiting orders from an expected arrival and releases them as it is received", async () => {
      const orders = []
      for (let i = 0; i < 3; i++) {
        orders.push(
          await kit.order({
            items: [{ variant_id: lamp.variantId, quantity: 2 }],
          })
        )
      }
      const itemId = lamp.inventoryItemIds[0]
      const firstDate = inDays(5)
      const { arrival } = await post("/admin/backorders/arrivals", {
        inventory_item_id: itemId,
        location_id: location,
        quantity: 4,
        expected_at: firstDate,
        reference: "PO-1001",
      })
      expect(arrival).toMatchObject({
        sku: "LAMP",
        quantity: 4,
        received_quantity: 0,
        expected_quantity: 4,
        status: "expected",
        overdue: false,
        reference: "PO-1001",
        expected_at: firstDate,
      })
      expect(await incoming(itemId)).toBe(4)

      // 4 expected: the first two orders of 2 get its date, the third waits.
      expect(await estimateOf(orders[0].id)).toMatchObject({
        estimated_at: firstDate,
        reason: null,
      })
      expect(await estimateOf(orders[1].id)).toMatchObject({
        estimated_at: firstDate,
      })
      expect(await estimateOf(orders[2].id)).toMatchObject({
        estimated_at: null,
        reason: "expected_units_go_to_orders_ahead",
        missing: [{ inventory_item_id: itemId, sku: "LAMP" }],
      })

      // A second purchase order, later: the third order gets its date.
      const secondDate = inDays(12)
      const { arrival: second } = await post("/admin/backorders/arrivals", {
        inventory_item_id: itemId,
        location_id: location,
        quantity: 1,
        expected_at: secondDate,
      })
      // Its estimate refresh is done before the edit starts another: two
      // refreshes at once may store the older answer last (the scheduled
      // refresh corrects that in a store; it is off in tests).
      await kit.settle()
      expect(await incoming(itemId)).toBe(5)
      expect((await estimateOf(orders[2].id)).reason).toBe(
        "expected_units_go_to_orders_ahead"
      )
      const edited = await post(`/admin/backorders/arrivals/${second.id}`, {
        quantity: 2,
      })
      expect(edited.arrival).toMatchObject({
        quantity: 2,
        expected_quantity: 2,
      })
      expect(await incoming(itemId)).toBe(6)
      expect(await estimateOf(orders[2].id)).toMatchObject({
        estimated_at: secondDate,
        reason: null,
      })
      // The stored dates (recomputed when the arrivals changed) date the SKU
      // report: every order waiting for LAMP is released by the second PO.
      await eventually(async () => {
        const { data } = await api.get("/admin/backorders/reports/skus", {
          headers,
        })
        expect(
          data.skus.find((row: { sku: string }) => row.sku === "LAMP")
        ).toMatchObject({ all_released_expected_at: secondDate })
      })
      // Sorted by stock or by SKU, the page reads its own dates after sorting.
      for (const order of ["-free", "sku"]) {
        const { data } = await api.get(
          `/admin/backorders/reports/skus?order=${order}`,
          { headers }
        )
        expect(
          data.skus.find((row: { sku: string }) => row.sku === "LAMP")
        ).toMatchObject({ all_released_expected_at: secondDate })
      }
      const { data: listed } = await api.get(
        `/admin/backorders?order_id=${orders.map((o) => o.id).join(",")}`,
        { headers }
      )
      expect(
        listed.backorders.map((b: { estimated_at: string }) => b.estimated_at)
      ).toEqual([firstDate, firstDate, secondDate])

      // Half of the first arrival comes: the first order releases.
      const receipt = kit.waitForInventory([
        InventoryEvents.INVENTORY_LEVEL_UPDATED,
      ])
      const partly = await post(
        `/admin/backorders/arrivals/${arrival.id}/receive`,
        { quantity: 2 }
      )
      await receipt
      expect(partly.arrival).toMatchObject({
        status: "expected",
        received_quantity: 2,
        expected_quantity: 2,
      })
      expect(await kit.level(itemId, location)).toEqual({
        stocked: 2,
        reserved: 2,
      })
      expect(await incoming(itemId)).toBe(4)
      expect(await kit.backorderOf(orders[0].id)).toMatchObject({
        status: "pending",
      })
      expect(await kit.backorderOf(orders[1].id)).toMatchObject({
        status: "backorder",
      })

      // The rest: the second order, which had that date, releases; the third keeps its own date.
      const rest = kit.waitForInventory([
        InventoryEvents.INVENTORY_LEVEL_UPDATED,
      ])
      const done = await post(
        `/admin/backorders/arrivals/${arrival.id}/receive`
      )
      await rest
      expect(done.arrival).toMatchObject({
        status: "received",
        received_quantity: 4,
        expected_quantity: 0,
      })
      expect(await incoming(itemId)).toBe(2)
      expect(await kit.backorderOf(orders[1].id)).toMatchObject({
        status: "pending",
      })
      expect(await kit.backorderOf(orders[2].id)).toMatchObject({
        status: "backorder",
      })
      expect(await estimateOf(orders[2].id)).toMatchObject({
        estimated_at: secondDate,
      })

      // A received arrival cannot be received or canceled again.
      const again = await failure(
        api.post(
          `/admin/backorders/arrivals/${arrival.id}/receive`,
          {},
          { headers }
        )
      )
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(
        /is received: only an expected arrival/
      )

      // Canceled: nothing is incoming, the third order has no date again.
      const canceled = await post(
        `/admin/backorders/arrivals/${second.id}/cancel`
      )
      expect(canceled.arrival).toMatchObject({
        status: "canceled",
        expected_quantity: 0,
      })
      expect(await incoming(itemId)).toBe(0)
      expect(await estimateOf(orders[2].id)).toMatchObject({
        estimated_at: null,
        reason: "nothing_expected",
      })
      expect(await kit.level(itemId, location)).toEqual({
        stocked: 4,
        reserved: 4,
      })
    })

    it("lists arrivals soonest first with filters, flags overdue ones and refuses what cannot be", async () => {
      const bulb = await createProduct(getContainer(), store, {
        title: "Bulb",
        sku: "BULB",
        stock: { [location]: 0 },
      })
      const itemId = bulb.inventoryItemIds[0]
      const late = await post("/admin/backorders/arrivals", {
        inventory_item_id: itemId,
        location_id: location,
        quantity: 3,
        expected_at: inDays(-2),
      })
      const soon = await post("/admin/backorders/arrivals", {
        inventory_item_id: itemId,
        location_id: location,
        quantity: 5,
        expected_at: inDays(3).slice(0, 10),
      })
      const { data: listed } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}`,
        { headers }
      )
      expect(listed.count).toBe(2)
      expect(listed.arrivals.map((a: any) => [a.id, a.overdue])).toEqual([
        [late.arrival.id, true],
        [soon.arrival.id, false],
      ])
      const { data: overdue } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}&overdue=true`,
        { headers }
      )
      expect(overdue.arrivals.map((a: any) => a.id)).toEqual([late.arrival.id])
      expect(await incoming(itemId)).toBe(8)

      // No level for the item at the second location: refused, nothing recorded.
      const noLevel = await failure(
        api.post(
          "/admin/backorders/arrivals",
          {
            inventory_item_id: itemId,
            location_id: store.locationIds[1],
            quantity: 1,
            expected_at: inDays(1),
          },
          { headers }
        )
      )
      expect(noLevel.status).toBe(404)
      expect(noLevel.data.message).toMatch(/No stock level for inventory item/)
      const tooMany = await failure(
        api.post(
          `/admin/backorders/arrivals/${soon.arrival.id}/receive`,
          { quantity: 6 },
          { headers }
        )
      )
      expect(tooMany.status).toBe(400)
      expect(tooMany.data.message).toMatch(
        /at most the 5 unit\(s\) still expected \(got 6\)/
      )
      const badDate = await failure(
        api.post(
          "/admin/backorders/arrivals",
          {
            inventory_item_id: itemId,
            location_id: location,
            quantity: 1,
            expected_at: "next tuesday",
          },
          { headers }
        )
      )
      expect(badDate.status).toBe(400)
      expect(badDate.data.message).toMatch(/expected_at must be a date/)
      const unknown = await failure(
        api.post(
          "/admin/backorders/arrivals/boarr_nope/cancel",
          {},
          { headers }
        )
      )
      expect(unknown.status).toBe(404)
      const { data: after } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}`,
        { headers }
      )
      expect(after.count).toBe(2)
      expect(await incoming(itemId)).toBe(8)
    })

    it("moves an expected arrival to another location: incoming follows it, and a location without a level is refused", async () => {
      const [main, second] = store.locationIds
      const shade = await createProduct(getContainer(), store, {
        title: "Shade",
        sku: "SHADE",
        stock: { [main]: 0, [second]: 0 },
      })
      const shadeItem = shade.inventoryItemIds[0]
      const { arrival } = await post("/admin/backorders/arrivals", {
        inventory_item_id: shadeItem,
        location_id: main,
        quantity: 4,
        expected_at: inDays(3),
      })
      expect([
        await incoming(shadeItem, main),
        await incoming(shadeItem, second),
      ]).toEqual([4, 0])

      const moved = await post(`/admin/backorders/arrivals/${arrival.id}`, {
        location_id: second,
      })
      expect(moved.arrival).toMatchObject({
        id: arrival.id,
        location_id: second,
        quantity: 4,
        status: "expected",
      })
      expect([
        await incoming(shadeItem, main),
        await incoming(shadeItem, second),
      ]).toEqual([0, 4])

      // The lamp is stocked at the main location only: no level to move to.
      const { arrival: lampArrival } = await post(
        "/admin/backorders/arrivals",
        {
          inventory_item_id: lamp.inventoryItemIds[0],
          location_id: main,
          quantity: 2,
          expected_at: inDays(5),
        }
      )
      const refused = await failure(
        api.post(
          `/admin/backorders/arrivals/${lampArrival.id}`,
          { location_id: second },
          { headers }
        )
      )
      expect(refused.status).toBe(404)
      expect(refused.data.message).toMatch(/No stock level for inventory item/)
      const { data: kept } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${lamp.inventoryItemIds[0]}`,
        { headers }
      )
      expect(kept.arrivals.map((a: any) => [a.id, a.location_id])).toEqual([
        [lampArrival.id, main],
      ])
      expect(await incoming(lamp.inventoryItemIds[0], main)).toBe(2)
    })

    it("exports the arrivals as CSV and imports new ones and edits in the same columns, all or nothing", async () => {
      const cup = await createProduct(getContainer(), store, {
        title: "Cup",
        sku: "CUP-CSV",
        stock: { [location]: 0 },
      })
      const itemId = cup.inventoryItemIds[0]
      const day = (n: number) => inDays(n).slice(0, 10)
      const { arrival: first } = await post("/admin/backorders/arrivals", {
        inventory_item_id: itemId,
        location_id: location,
        quantity: 2,
        expected_at: day(3),
        reference: "PO-A",
      })
      const exported = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}&format=csv`,
        { headers, responseType: "arraybuffer" }
      )
      expect(exported.headers["content-type"]).toMatch(/^text\/csv/)
      const bytes = Buffer.from(exported.data)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const [header, row] = bytes
        .subarray(3)
        .toString("utf8")
        .trim()
        .split("\n")
      expect(header).toBe(
        "id,sku,inventory_item_id,location_id,quantity,received_quantity,expected_quantity,expected_at,reference,status,overdue"
      )
      expect(row).toBe(
        [
          first.id,
          "CUP-CSV",
          itemId,
          location,
          2,
          0,
          2,
          inDays(3),
          "PO-A",
          "expected",
          "false",
        ].join(",")
      )

      // One edit (by id) and two new arrivals (by SKU and by item id).
      const csv = [
        "id,sku,inventory_item_id,location_id,quantity,expected_at,reference",
        `${first.id},,,,,${day(8)},PO-A2`,
        `,CUP-CSV,,${location},5,${day(10)},PO-B`,
        `,,${itemId},${location},1,${day(15)},`,
      ].join("\n")
      const { data: imported } = await api.post(
        "/admin/backorders/arrivals/import",
        { csv },
        { headers }
      )
      expect(imported).toMatchObject({ created: 2, updated: 1 })
      expect(await incoming(itemId)).toBe(8)
      const { data: listed } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}`,
        { headers }
      )
      expect(
        listed.arrivals.map((a: any) => [
          a.quantity,
          a.expected_at,
          a.reference,
        ])
      ).toEqual([
        [2, inDays(8), "PO-A2"],
        [5, inDays(10), "PO-B"],
        [1, inDays(15), null],
      ])

      // A file with problems: every one named, nothing written.
      const bad = await failure(
        api.post(
          "/admin/backorders/arrivals/import",
          {
            csv: [
              "sku,location_id,quantity,expected_at",
              `CUP-CSV,${location},3,${day(4)}`,
              `NO-SUCH,${location},1,${day(4)}`,
              `CUP-CSV,${location},1,someday`,
              `CUP-CSV,${store.locationIds[1]},1,${day(4)}`,
            ].join("\n"),
          },
          { headers }
        )
      )
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/nothing was imported/)
      expect(bad.data.message).toMatch(
        /row 3: no inventory item has SKU NO-SUCH/
      )
      expect(bad.data.message).toMatch(/row 4: expected_at must be a date/)
      expect(bad.data.message).toMatch(
        /row 5: inventory item .* has no stock level at location/
      )
      const { data: after } = await api.get(
        `/admin/backorders/arrivals?inventory_item_id=${itemId}`,
        { headers }
      )
      expect(after.count).toBe(3)
      expect(await incoming(itemId)).toBe(8)
    })
  }
)

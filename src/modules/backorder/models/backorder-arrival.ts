import { model } from "@medusajs/framework/utils"

/**
 * Stock a merchant or an integration expects (DESIGN D12): `quantity` units
 * of an inventory item at a location around `expected_at`, e.g. a purchase
 * order (`reference`). Units still expected are `quantity` −
 * `received_quantity` while the arrival is `expected`; receiving turns them
 * into stock through Medusa's inventory module. The planner simulates the
 * expected arrivals in date order to estimate when each waiting order ships.
 */
const BackorderArrival = model
  .define("backorder_arrival", {
    id: model.id({ prefix: "boarr" }).primaryKey(),
    inventory_item_id: model.text(),
    location_id: model.text(),
    quantity: model.number(),
    received_quantity: model.number().default(0),
    expected_at: model.dateTime(),
    reference: model.text().nullable(),
    status: model
      .enum(["expected", "received", "canceled"])
      .default("expected"),
    received_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
  })
  .indexes([
    { on: ["inventory_item_id", "status", "expected_at"] },
    { on: ["location_id", "status"] },
    { on: ["status", "expected_at"] },
  ])

export default BackorderArrival

import { createdOrderIds } from "../order-created-step"

describe("createdOrderIds", () => {
  it("unwraps the orchestrator's workflow data and step response", () => {
    expect(
      createdOrderIds({
        __type: "Symbol(WorkflowWorkflowData)",
        output: {
          __type: "Symbol(WorkflowStepResponse)",
          output: [{ id: "order_1" }, { id: "order_2" }],
        },
      })
    ).toEqual(["order_1", "order_2"])
  })

  it("reads a bare order or list, and nothing from what is not one", () => {
    expect(createdOrderIds({ id: "order_1" })).toEqual(["order_1"])
    expect(createdOrderIds([{ id: "order_1" }, null, { id: 3 }])).toEqual([
      "order_1",
    ])
    expect(createdOrderIds(undefined)).toEqual([])
    expect(createdOrderIds("order_1")).toEqual([])
  })
})

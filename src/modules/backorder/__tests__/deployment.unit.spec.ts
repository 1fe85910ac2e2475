import {
  deploymentFacts,
  deploymentProblems,
  lockingProviderKind,
} from "../deployment"

const locking = (providers: object[]) => ({
  modules: {
    locking: { resolve: "@medusajs/medusa/locking", options: { providers } },
  },
})

describe("deployment facts read from the application config", () => {
  it("knows Medusa's default: in-memory locking and a local event bus", () => {
    expect(
      deploymentFacts({
        modules: {
          locking: { resolve: "@medusajs/medusa/locking" },
          event_bus: { resolve: "@medusajs/medusa/event-bus-local" },
        },
      })
    ).toEqual({
      locking: "in-memory",
      shared_event_bus: false,
      worker_mode: "shared",
    })
  })

  it("picks the default provider: is_default first, else the only one", () => {
    expect(
      lockingProviderKind(
        locking([
          { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis" },
          {
            resolve: "@medusajs/medusa/locking-postgres",
            id: "locking-postgres",
            is_default: true,
          },
        ])
      )
    ).toBe("postgres")
    expect(
      lockingProviderKind(
        locking([{ resolve: "@medusajs/medusa/locking-redis", id: "r" }])
      )
    ).toBe("redis")
    expect(
      lockingProviderKind(locking([{ resolve: "./src/my-lock", id: "mine" }]))
    ).toBe("other")
  })

  it("reports a Redis event bus with in-memory locks as an error naming the fix", () => {
    const problems = deploymentProblems(
      deploymentFacts({
        modules: {
          event_bus: { resolve: "@medusajs/medusa/event-bus-redis" },
        },
      })
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /shared between processes but locking is in-memory/
    )
    expect(problems[0]).toMatch(/locking-redis.*locking-postgres/)
  })

  it("reports a server/worker split with in-memory locks, and nothing with Redis or PostgreSQL locks", () => {
    expect(
      deploymentProblems(
        deploymentFacts({ projectConfig: { workerMode: "worker" } })
      )
    ).toHaveLength(1)
    for (const resolve of [
      "@medusajs/medusa/locking-redis",
      "@medusajs/medusa/locking-postgres",
    ]) {
      expect(
        deploymentProblems(
          deploymentFacts({
            projectConfig: { workerMode: "server" },
            modules: {
              event_bus: { resolve: "@medusajs/medusa/event-bus-redis" },
              ...locking([{ resolve, id: "x" }]).modules,
            },
          })
        )
      ).toEqual([])
    }
  })
})

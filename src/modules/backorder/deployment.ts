/**
 * What the application's configuration says about the services the plugin's
 * correctness rests on: which locking provider is the default and whether the
 * event bus is shared between processes. Read from Medusa's `configModule`
 * (never from a live module), so it is pure and testable.
 */

export type LockingProviderKind = "in-memory" | "redis" | "postgres" | "other"

export type DeploymentFacts = {
  locking: LockingProviderKind
  /** The event bus delivers events to other processes (Redis or another non-local bus). */
  shared_event_bus: boolean
  worker_mode: string
}

type ModuleConfig =
  | boolean
  | string
  | {
      resolve?: string
      options?: Record<string, unknown>
      disable?: boolean
    }
  | undefined

type ConfigModuleLike = {
  projectConfig?: { workerMode?: string }
  modules?: Record<string, ModuleConfig> | ModuleConfig[]
}

function moduleConfig(
  config: ConfigModuleLike,
  key: string
): Exclude<ModuleConfig, boolean | string> | undefined {
  const modules = config.modules
  let found: ModuleConfig
  if (Array.isArray(modules)) {
    found = modules.find(
      (m) =>
        typeof m === "object" &&
        ((m as { key?: string }).key === key ||
          String(m.resolve ?? "").endsWith(`/${key}`))
    )
  } else {
    found = modules?.[key]
  }
  if (typeof found === "string") {
    return { resolve: found }
  }
  if (!found || typeof found !== "object" || found.disable) {
    return undefined
  }
  return found
}

/**
 * The default locking provider: the provider marked `is_default`, else the
 * only one configured; Medusa's in-memory provider when the locking module
 * has none.
 */
export function lockingProviderKind(
  config: ConfigModuleLike
): LockingProviderKind {
  const locking = moduleConfig(config, "locking")
  const providers =
    (locking?.options?.providers as
      { resolve?: string; id?: string; is_default?: boolean }[] | undefined) ??
    []
  const chosen =
    providers.find((p) => p.is_default) ??
    (providers.length === 1 ? providers[0] : undefined)
  if (!chosen) {
    return "in-memory"
  }
  const name = `${chosen.resolve ?? ""} ${chosen.id ?? ""}`
  if (/locking-postgres/.test(name)) {
    return "postgres"
  }
  if (/locking-redis/.test(name)) {
    return "redis"
  }
  if (/in-memory/.test(name)) {
    return "in-memory"
  }
  return "other"
}

/** The event bus reaches other processes unless it is Medusa's local one (the default). */
export function hasSharedEventBus(config: ConfigModuleLike): boolean {
  const bus = moduleConfig(config, "event_bus")
  return !!bus?.resolve && !/event-bus-local/.test(bus.resolve)
}

export function deploymentFacts(config: ConfigModuleLike): DeploymentFacts {
  return {
    locking: lockingProviderKind(config),
    shared_event_bus: hasSharedEventBus(config),
    worker_mode: config.projectConfig?.workerMode ?? "shared",
  }
}

/**
 * The problems a deployment has for the plugin, as log lines (empty when
 * none). Several processes sharing an event bus with in-memory locks exclude
 * nothing between processes: plans and checkouts on different processes can
 * oversell.
 */
export function deploymentProblems(facts: DeploymentFacts): string[] {
  const problems: string[] = []
  if (
    facts.locking === "in-memory" &&
    (facts.shared_event_bus || facts.worker_mode !== "shared")
  ) {
    problems.push(
      `medusa-plugin-backorders: the event bus is shared between processes${
        facts.worker_mode !== "shared"
          ? ` (worker mode "${facts.worker_mode}")`
          : ""
      } but locking is in-memory, so inventory locks exclude nothing between processes and plans can oversell. Configure the Locking Module with @medusajs/medusa/locking-redis or @medusajs/medusa/locking-postgres (see the README's "Production" section).`
    )
  }
  return problems
}

import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { deploymentFacts, deploymentProblems } from "../deployment"
import { parseBackorderOptions } from "../options"

/**
 * Fails the application start with a clear message when a plugin option is
 * wrong, and logs an error when the deployment cannot keep the plugin's
 * guarantees (an event bus shared between processes with in-memory locks).
 */
export default async function validateOptionsLoader({
  options,
  container,
}: LoaderOptions): Promise<void> {
  parseBackorderOptions(options)
  let config: unknown
  try {
    config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  } catch {
    return
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const facts = deploymentFacts(config as Parameters<typeof deploymentFacts>[0])
  for (const problem of deploymentProblems(facts)) {
    logger.error(problem)
  }
  logger.info(
    `medusa-plugin-backorders: locking provider "${facts.locking}", ${
      facts.shared_event_bus ? "shared" : "local"
    } event bus, worker mode "${facts.worker_mode}"`
  )
}

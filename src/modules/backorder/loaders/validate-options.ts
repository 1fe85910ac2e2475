import type { LoaderOptions } from "@medusajs/framework/types"
import { parseBackorderOptions } from "../options"

/** Fails the application start with a clear message when a plugin option is wrong. */
export default async function validateOptionsLoader({
  options,
}: LoaderOptions): Promise<void> {
  parseBackorderOptions(options)
}

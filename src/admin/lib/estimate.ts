/** How the admin says an estimated date (DESIGN D12). */
export const ESTIMATE_REASON: Record<string, string> = {
  nothing_expected: "no arrival expected for what it misses",
  expected_units_go_to_orders_ahead: "expected units go to orders ahead",
  not_enough_expected: "not enough expected",
}

export function formatEstimate(
  estimatedAt: string | null | undefined,
  reason?: string | null
): string {
  if (estimatedAt) {
    const date = new Date(estimatedAt)
    return date.getTime() <= Date.now()
      ? "Ready now"
      : `Expected ${date.toLocaleDateString(undefined, {
          day: "numeric",
          month: "short",
          year: "numeric",
        })}`
  }
  return reason ? `No date: ${ESTIMATE_REASON[reason] ?? reason}` : "No date"
}

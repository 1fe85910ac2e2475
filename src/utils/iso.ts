/** A stored date (Date or string) as an ISO 8601 string, or null when unset. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null

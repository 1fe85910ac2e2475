/** A stored date (Date or string) as an ISO 8601 string, or null when unset. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null

/** A real calendar date (2024-02-30 is not), in years PostgreSQL and people use. */
export const isDateTime = (value: string) => {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      value
    )
  if (!match || !Number.isFinite(Date.parse(value))) {
    return false
  }
  const [, y, m, d] = match.map(Number)
  const day = new Date(Date.UTC(y, m - 1, d))
  return (
    y >= 1970 &&
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === m - 1 &&
    day.getUTCDate() === d
  )
}

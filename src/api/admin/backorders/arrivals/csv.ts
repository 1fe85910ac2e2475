import { isDateTime } from "../../../../utils/iso"
/**
 * CSV for expected arrivals: the list's columns, exported and imported
 * (merchants keep purchase orders in spreadsheets). RFC 4180: quoted fields,
 * doubled quotes, CRLF or LF; a UTF-8 byte order mark is skipped.
 */
export const ARRIVAL_CSV_COLUMNS = [
  "id",
  "sku",
  "inventory_item_id",
  "location_id",
  "quantity",
  "received_quantity",
  "expected_quantity",
  "expected_at",
  "reference",
  "status",
  "overdue",
] as const

export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ""
  let quoted = false
  const input = text.replace(/^\uFEFF/, "")
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        field += char
      }
    } else if (char === '"' && field === "") {
      quoted = true
    } else if (char === ",") {
      row.push(field)
      field = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") {
        i++
      }
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else {
      field += char
    }
  }
  if (field !== "" || row.length) {
    row.push(field)
    rows.push(row)
  }
  // Blank lines carry nothing.
  return rows.filter((r) => r.some((cell) => cell.trim() !== ""))
}

/** A spreadsheet's "'" that kept a value from being read as a formula is not part of it. */
const unguard = (value: string) =>
  /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value

export type ArrivalCsvRow = {
  /** 2 for the first data row (the header is row 1). */
  row: number
  id?: string
  sku?: string
  inventory_item_id?: string
  location_id?: string
  quantity?: number
  expected_at?: string
  reference?: string | null
}

/**
 * Reads an arrivals CSV: a header naming the columns (any order; the
 * list's columns, unknown ones ignored), then one arrival per row. Answers
 * the rows, or the errors naming row and column.
 */
export function readArrivalsCsv(
  text: string,
  maxRows = 1000
): { rows: ArrivalCsvRow[]; errors: string[] } {
  const [header, ...body] = parseCsv(text)
  const errors: string[] = []
  if (!header) {
    return {
      rows: [],
      errors: [
        "the file is empty: give a header row, then one arrival per row",
      ],
    }
  }
  const names = header.map((h) => h.trim().toLowerCase())
  const at = (name: string) => names.indexOf(name)
  if (at("inventory_item_id") < 0 && at("sku") < 0 && at("id") < 0) {
    errors.push(
      "the header must name inventory_item_id or sku (or id to edit arrivals)"
    )
  }
  if (body.length > maxRows) {
    errors.push(
      `at most ${maxRows} rows can be imported at once (got ${body.length})`
    )
  }
  if (errors.length) {
    return { rows: [], errors }
  }
  const rows = body.map((cells, index): ArrivalCsvRow => {
    const rowNumber = index + 2
    const cell = (name: string) => {
      const i = at(name)
      const value = i < 0 ? "" : unguard((cells[i] ?? "").trim())
      return value === "" ? undefined : value
    }
    const parsed: ArrivalCsvRow = { row: rowNumber }
    const id = cell("id")
    if (id) {
      parsed.id = id
    }
    const sku = cell("sku")
    const itemId = cell("inventory_item_id")
    if (itemId) {
      parsed.inventory_item_id = itemId
    } else if (sku) {
      parsed.sku = sku
    }
    const location = cell("location_id")
    if (location) {
      parsed.location_id = location
    }
    const quantity = cell("quantity")
    if (quantity !== undefined) {
      const number = Number(quantity)
      if (!Number.isInteger(number) || number < 1 || number > 1000000) {
        errors.push(
          `row ${rowNumber}: quantity must be a whole number from 1 to 1000000 (got "${quantity}")`
        )
      } else {
        parsed.quantity = number
      }
    }
    const date = cell("expected_at")
    if (date !== undefined) {
      if (!isDateTime(date)) {
        errors.push(
          `row ${rowNumber}: expected_at must be a date (YYYY-MM-DD) or an ISO 8601 date-time (got "${date}")`
        )
      } else {
        parsed.expected_at = new Date(date).toISOString()
      }
    }
    if (at("reference") >= 0) {
      parsed.reference = cell("reference") ?? null
    }
    if (!id) {
      for (const [name, value] of [
        ["inventory_item_id or sku", parsed.inventory_item_id ?? parsed.sku],
        ["location_id", parsed.location_id],
        ["quantity", quantity],
        ["expected_at", date],
      ] as const) {
        if (value === undefined) {
          errors.push(`row ${rowNumber}: ${name} is required for a new arrival`)
        }
      }
    }
    return parsed
  })
  return { rows, errors }
}

import { parseCsv, readArrivalsCsv } from "../csv"

describe("arrivals CSV", () => {
  it("parses quoted fields, doubled quotes, CRLF and a byte order mark", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
    ])
  })

  it("reads new arrivals by sku or item id, in any column order, ignoring the list's other columns", () => {
    const { rows, errors } = readArrivalsCsv(
      [
        "status,expected_at,sku,location_id,quantity,reference,overdue",
        "expected,2026-12-24,LAMP,sloc_1,4,PO-9,false",
        "expected,2026-12-31T10:00:00Z,'-1+1,sloc_1,2,,false",
      ].join("\n")
    )
    expect(errors).toEqual([])
    expect(rows).toEqual([
      {
        row: 2,
        sku: "LAMP",
        location_id: "sloc_1",
        quantity: 4,
        expected_at: "2026-12-24T00:00:00.000Z",
        reference: "PO-9",
      },
      {
        row: 3,
        sku: "-1+1",
        location_id: "sloc_1",
        quantity: 2,
        expected_at: "2026-12-31T10:00:00.000Z",
        reference: null,
      },
    ])
  })

  it("names the row and column of every error", () => {
    const { errors } = readArrivalsCsv(
      [
        "inventory_item_id,location_id,quantity,expected_at",
        "iitem_1,sloc_1,0,soon",
        ",sloc_1,2,2026-12-24",
      ].join("\n")
    )
    expect(errors).toEqual([
      'row 2: quantity must be a whole number from 1 to 1000000 (got "0")',
      'row 2: expected_at must be a date (YYYY-MM-DD) or an ISO 8601 date-time (got "soon")',
      "row 3: inventory_item_id or sku is required for a new arrival",
    ])
    expect(readArrivalsCsv("").errors).toEqual([
      "the file is empty: give a header row, then one arrival per row",
    ])
    expect(readArrivalsCsv("quantity\n1").errors[0]).toMatch(
      /header must name inventory_item_id or sku/
    )
  })

  it("takes rows with an id as edits of those arrivals", () => {
    expect(readArrivalsCsv("id,expected_at\nboarr_1,2027-01-05").rows).toEqual([
      { row: 2, id: "boarr_1", expected_at: "2027-01-05T00:00:00.000Z" },
    ])
  })
})

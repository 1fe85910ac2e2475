import { csvCell } from "../reports/skus/route"

describe("csvCell (OWASP CSV injection)", () => {
  it("neutralises text a spreadsheet would evaluate", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell("-1+1")).toBe("'-1+1")
    expect(csvCell("+SUM(A1)")).toBe("'+SUM(A1)")
    expect(csvCell("@cmd")).toBe("'@cmd")
    expect(csvCell("\tTAB")).toBe("'\tTAB")
    expect(csvCell("\rCR")).toBe(`"'\rCR"`)
  })

  it("keeps numbers, plain text and empty cells as they are, and quotes separators", () => {
    expect(csvCell(-3)).toBe("-3")
    expect(csvCell(5)).toBe("5")
    expect(csvCell("LAMP-DESK")).toBe("LAMP-DESK")
    expect(csvCell(null)).toBe("")
    expect(csvCell('a,b"c')).toBe('"a,b""c"')
  })
})

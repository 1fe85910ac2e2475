import { decodeTime } from "ulid"
import { newId } from "../ids"

describe("newId", () => {
  it("makes ids in Medusa's format: prefix, underscore, a ULID of the current time", () => {
    const before = Date.now()
    const id = newId("boev")
    expect(id).toMatch(/^boev_[0-9A-HJKMNP-TV-Z]{26}$/)
    const at = decodeTime(id.slice("boev_".length))
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(Date.now())
  })

  it("never repeats an id over many pages of the random pool", () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => newId("bo")))
    expect(ids.size).toBe(50_000)
  })

  it("spreads the random part over the whole alphabet", () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      newId("x")
        .slice(12)
        .split("")
        .forEach((c) => seen.add(c))
    }
    expect(seen.size).toBe(32)
  })
})

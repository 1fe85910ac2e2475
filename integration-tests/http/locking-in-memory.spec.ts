process.env.MEDUSA_LOCKING = "in-memory"
import { lockingRaceSuite } from "../helpers/locking-race"

jest.setTimeout(240 * 1000)

lockingRaceSuite("in-memory")

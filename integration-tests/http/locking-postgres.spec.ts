// @medusajs/medusa/locking-postgres needs nothing but the test database.
process.env.MEDUSA_LOCKING = "postgres"
import { lockingRaceSuite } from "../helpers/locking-race"

jest.setTimeout(240 * 1000)

lockingRaceSuite("PostgreSQL")

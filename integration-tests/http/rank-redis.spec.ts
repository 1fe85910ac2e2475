import {
  flushRedis,
  redisAnswers,
  redisDatabase,
  testRedisUrl,
} from "../helpers/services"

jest.setTimeout(600 * 1000)

// Medusa as production runs it, in one process: the Redis event bus,
// workflow engine and locking (medusa-config picks them from REDIS_URL).
const url = redisDatabase(testRedisUrl(), 6)
if (redisAnswers(url)) {
  process.env.REDIS_URL = url
  beforeAll(() => flushRedis(url))
  afterAll(() => {
    delete process.env.REDIS_URL
  })
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("../helpers/rank-race").rankRaceSuite(
    "Redis event bus, workflow engine and locking"
  )
} else {
  console.warn(
    `[rank-redis] SKIPPED: no Redis answers at ${url} (set REDIS_URL)`
  )
  // Skipped on purpose: this machine has no Redis (.ci/run provides one).
  it.skip(`rank under Redis (skipped: no Redis at ${url})`, () => undefined)
}

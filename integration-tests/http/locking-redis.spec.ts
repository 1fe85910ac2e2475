import { redisAnswers, testRedisUrl } from "../helpers/services"

jest.setTimeout(240 * 1000)

const url = testRedisUrl()
if (redisAnswers(url)) {
  process.env.MEDUSA_LOCKING = "redis"
  process.env.LOCKING_REDIS_URL = url
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("../helpers/locking-race").lockingRaceSuite("Redis")
} else {
  console.warn(
    `[locking-redis] SKIPPED: no Redis answers at ${url} (set REDIS_URL)`
  )
  // Skipped on purpose: this machine has no Redis (.ci/run provides one).
  it.skip(`Redis locking race (skipped: no Redis at ${url})`, () => undefined)
}

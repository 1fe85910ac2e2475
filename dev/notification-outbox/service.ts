import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type {
  Logger,
  ProviderSendNotificationDTO,
} from "@medusajs/framework/types"
import { AbstractNotificationProviderService } from "@medusajs/framework/utils"
import { failpoint } from "../../src/workflows/backorder/engine/failpoints"

type Options = { directory?: string }

/**
 * The demo's and tests' "email" provider (not published): every notification
 * is written as a JSON file to `.data/outbox/` (one per message, newest
 * last) and logged, so a person running `npm run demo` can read what a
 * customer would receive. The tests fail it with the `notification`
 * failpoint, as a mail service that is down would.
 */
export class OutboxNotificationService extends AbstractNotificationProviderService {
  static identifier = "outbox"
  protected readonly logger_: Logger
  protected readonly directory_: string

  constructor({ logger }: { logger: Logger }, options: Options = {}) {
    super()
    this.logger_ = logger
    this.directory_ =
      options.directory ?? join(process.cwd(), ".data", "outbox")
  }

  async send(notification: ProviderSendNotificationDTO) {
    await failpoint("notification")
    await mkdir(this.directory_, { recursive: true })
    const file = join(
      this.directory_,
      `${new Date().toISOString().replace(/[:.]/g, "-")}-${notification.template}.json`
    )
    await writeFile(
      file,
      JSON.stringify(
        {
          to: notification.to,
          channel: notification.channel,
          template: notification.template,
          data: notification.data,
        },
        null,
        2
      )
    )
    this.logger_.info(
      `[outbox] ${notification.template} → ${notification.to} (${file})`
    )
    return { id: file }
  }
}

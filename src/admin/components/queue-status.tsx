import { StatusBadge, Text } from "@medusajs/ui"
import { useBackorderSummary } from "../hooks/api/backorders"

const minutesAgo = (iso: string) =>
  Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000))

/**
 * The change queue at a glance: how many stock and order changes wait to be
 * planned, since when, and how many failed and wait for a retry (details in
 * GET /admin/backorders/troubleshooting).
 */
export const QueueStatus = () => {
  const { data } = useBackorderSummary()
  const queue = data?.queue
  if (!queue) {
    return null
  }
  const color = queue.failing ? "orange" : queue.depth ? "blue" : "green"
  return (
    <div
      className="flex items-center justify-between px-6 py-3"
      data-testid="queue-status"
    >
      <StatusBadge color={color}>
        {queue.depth
          ? `${queue.depth} change${queue.depth === 1 ? "" : "s"} waiting to be planned`
          : "Every change is planned"}
      </StatusBadge>
      <Text size="small" className="text-ui-fg-subtle">
        {queue.failing
          ? `${queue.failing} failed and will be retried`
          : queue.oldest_at
            ? `oldest ${minutesAgo(queue.oldest_at)} min ago`
            : "stock and order changes are planned as they happen"}
      </Text>
    </div>
  )
}

import { Badge, Text } from "@medusajs/ui"
import { useBackorderJob } from "../hooks/api/backorders"

/** Follows a background job to the end: a progress bar, then the result of each order. */
export const JobProgress = ({
  jobId,
  labelOf,
}: {
  jobId: string
  labelOf?: (orderId: string) => string
}) => {
  const { data: job, isError } = useBackorderJob(jobId)
  if (isError) {
    return <Text className="text-ui-fg-error">Could not read the job.</Text>
  }
  const progress = job?.progress ?? 0
  return (
    <div className="flex flex-col gap-3" data-testid="job-progress">
      <div className="flex items-center justify-between">
        <Text size="small" weight="plus">
          Divide Network Backorder{" "}
          {job ? `· ${job.processed}/${job.total}` : ""}
        </Text>
        <Text size="small" data-testid="job-progress-value">
          {Math.round(progress)} %
        </Text>
      </div>
      <div
        role="progressbar"
        aria-label="Network divide progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress)}
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
      >
        <div
          className="bg-ui-fg-interactive h-full transition-all"
          style={{ width: `${progress}%` }}
        />
      </div>
      {job?.finished_at ? (
        <ul className="flex flex-col gap-1" aria-label="Job results">
          {job.results.map((result) => (
            <li key={result.backorder_id} className="flex items-start gap-2">
              <Badge
                size="2xsmall"
                color={
                  result.state === "done"
                    ? "green"
                    : result.state === "failed"
                      ? "red"
                      : "grey"
                }
              >
                {result.outcome ?? result.state}
              </Badge>
              <Text size="small" leading="compact">
                {labelOf?.(result.order_id) ?? result.order_id}
                {result.reason ? (
                  <span className="text-ui-fg-subtle"> — {result.reason}</span>
                ) : null}
              </Text>
            </li>
          ))}
        </ul>
      ) : (
        <Text size="small" className="text-ui-fg-subtle">
          {job?.status === "stuck"
            ? "The job is stuck: resume or reset it from the Backorders page."
            : "Working in the background…"}
        </Text>
      )}
    </div>
  )
}

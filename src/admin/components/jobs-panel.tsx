import { Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import { useBackorderJobs, useJobAction } from "../hooks/api/backorders"

const COLOR = {
  queued: "grey",
  running: "blue",
  succeeded: "green",
  failed: "red",
  stuck: "orange",
} as const

/** Recent background jobs with their progress; Resume and Reset for unfinished ones. */
export const JobsPanel = () => {
  const { data, isLoading, isError } = useBackorderJobs()
  const resume = useJobAction("resume")
  const reset = useJobAction("reset")
  const jobs = data?.jobs ?? []
  return (
    <Container className="divide-y p-0" data-testid="jobs-panel">
      <div className="px-6 py-4">
        <Heading level="h2">Background jobs</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Divide Network Backorder runs here. A job without progress for the
          stuck threshold is marked stuck.
        </Text>
      </div>
      {isLoading ? (
        <Text className="px-6 py-4">Loading…</Text>
      ) : isError ? (
        <Text className="text-ui-fg-error px-6 py-4">
          Could not load the jobs.
        </Text>
      ) : !jobs.length ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          No jobs yet.
        </Text>
      ) : (
        jobs.map((job) => (
          <div key={job.id} className="flex flex-col gap-2 px-6 py-3">
            <div className="flex items-center justify-between gap-2">
              <div className="flex items-center gap-2">
                <Badge size="2xsmall" color={COLOR[job.status]}>
                  {job.status}
                </Badge>
                <Text size="small">
                  {job.processed}/{job.total} orders · {job.failed} failed ·{" "}
                  {new Date(job.created_at).toLocaleString()}
                </Text>
              </div>
              {!job.finished_at ? (
                <div className="flex gap-2">
                  <Button
                    size="small"
                    variant="secondary"
                    onClick={() => resume.mutate(job.id)}
                    isLoading={resume.isPending}
                  >
                    Resume
                  </Button>
                  <Button
                    size="small"
                    variant="danger"
                    onClick={() => reset.mutate(job.id)}
                    isLoading={reset.isPending}
                  >
                    Reset
                  </Button>
                </div>
              ) : null}
            </div>
            <div
              role="progressbar"
              aria-label={`Job ${job.id} progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(job.progress)}
              className="bg-ui-bg-subtle h-1.5 w-full overflow-hidden rounded-full"
            >
              <div
                className="bg-ui-fg-interactive h-full"
                style={{ width: `${job.progress}%` }}
              />
            </div>
            {job.error ? (
              <Text size="xsmall" className="text-ui-fg-subtle">
                {job.error}
              </Text>
            ) : null}
          </div>
        ))
      )}
    </Container>
  )
}

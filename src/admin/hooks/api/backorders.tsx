import { toast } from "@medusajs/ui"
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query"
import { useEffect } from "react"
import type {
  AdminBackorder,
  AdminBackorderBulkResponse,
  AdminBackorderJob,
  AdminBackorderJobSummary,
  AdminBackorderJobResponse,
  AdminBackorderListResponse,
  AdminBackorderResponse,
  AdminBackorderSettings,
  AdminBackorderSettingsResponse,
  AdminBackorderSummaryResponse,
  AdminBackorderTroubleshootingResponse,
  AdminSimulateRestockResponse,
  AdminSkuReportResponse,
  AdminUnlockableBackordersResponse,
} from "../../../types/http"
import { backorderQueryKeys } from "../../lib/query-keys"
import { sdk } from "../../lib/sdk"

export type BackorderListQuery = {
  status?: string[]
  sku?: string
  priority?: number[]
  q?: string
  offset?: number
  limit?: number
}

const errorMessage = (error: unknown) =>
  (error as { message?: string })?.message ?? "Something went wrong"

/** Lists and counts change after every action: refresh everything of the plugin, and Medusa's orders. */
const useInvalidateBackorders = () => {
  const queryClient = useQueryClient()
  return () => {
    queryClient.invalidateQueries({ queryKey: backorderQueryKeys.all })
    queryClient.invalidateQueries({ queryKey: ["orders"] })
  }
}

export const useBackorderSummary = () =>
  useQuery({
    queryKey: backorderQueryKeys.summary(),
    queryFn: () =>
      sdk.client.fetch<AdminBackorderSummaryResponse>(
        "/admin/backorders/summary"
      ),
    refetchInterval: 30_000,
  })

export const useBackorders = (query: BackorderListQuery) =>
  useQuery({
    queryKey: backorderQueryKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<AdminBackorderListResponse>("/admin/backorders", {
        query: {
          ...query,
          status: query.status?.length ? query.status.join(",") : undefined,
          sku: query.sku || undefined,
          priority: query.priority?.length
            ? query.priority.join(",")
            : undefined,
          q: query.q || undefined,
        },
      }),
    placeholderData: keepPreviousData,
  })

export const useUnlockableBackorders = (enabled = true) =>
  useQuery({
    queryKey: backorderQueryKeys.unlockable(),
    queryFn: () =>
      sdk.client.fetch<AdminUnlockableBackordersResponse>(
        "/admin/backorders/unlockable"
      ),
    enabled,
  })

/** The backorder of one order with its events and explanation (null when the order never waited). */
export const useOrderBackorder = (orderId: string) =>
  useQuery({
    queryKey: backorderQueryKeys.byOrder(orderId),
    queryFn: async () => {
      const { backorders } = await sdk.client.fetch<AdminBackorderListResponse>(
        "/admin/backorders",
        {
          query: { order_id: orderId, limit: 1 },
        }
      )
      if (!backorders[0]) {
        return null
      }
      const { backorder } = await sdk.client.fetch<AdminBackorderResponse>(
        `/admin/backorders/${backorders[0].id}`
      )
      return backorder
    },
  })

const bulk = (path: string) => (backorder_ids: string[]) =>
  sdk.client.fetch<AdminBackorderBulkResponse>(path, {
    method: "POST",
    body: { backorder_ids },
  })

/** Divide, Send what's available or Apply Alternatives on a selection; answers the per-order results. */
export const useBulkBackorderAction = (
  action: "divide" | "send-available" | "apply-alternatives"
) => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: bulk(`/admin/backorders/${action}`),
    onSuccess: (data) => {
      const done = data.results.filter((r) => r.outcome !== "skipped").length
      const skipped = data.results.length - done
      toast.success(`${done} processed, ${skipped} skipped`)
      invalidate()
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useUpdateBackorderPriority = () => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: ({ id, priority }: { id: string; priority: number }) =>
      sdk.client.fetch<{ backorder: AdminBackorder }>(
        `/admin/backorders/${id}/priority`,
        {
          method: "POST",
          body: { priority },
        }
      ),
    onSuccess: () => invalidate(),
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useRecheckBackorder = () => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch(`/admin/backorders/${id}/recheck`, { method: "POST" }),
    onSuccess: () => {
      toast.success("Backorder re-checked")
      invalidate()
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useStartNetworkDivide = () => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: (backorder_ids: string[]) =>
      sdk.client.fetch<AdminBackorderJobResponse>(
        "/admin/backorders/network/divide",
        {
          method: "POST",
          body: { backorder_ids },
        }
      ),
    onSuccess: () => invalidate(),
    onError: (error) => toast.error(errorMessage(error)),
  })
}

/**
 * A background job, polled every second while it runs. When it finishes, the
 * lists and counts it changed are refreshed (not the job itself, which would
 * cancel its own fetch).
 */
export const useBackorderJob = (id: string | null) => {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: backorderQueryKeys.job(id ?? ""),
    queryFn: async () =>
      (
        await sdk.client.fetch<AdminBackorderJobResponse>(
          `/admin/backorders/jobs/${id}`
        )
      ).job,
    enabled: !!id,
    refetchInterval: (query) => {
      const job = query.state.data as AdminBackorderJob | undefined
      return !job || job.status === "queued" || job.status === "running"
        ? 1000
        : false
    },
  })
  const finished = !!query.data?.finished_at
  useEffect(() => {
    if (finished) {
      queryClient.invalidateQueries({
        predicate: (q) =>
          (q.queryKey[0] === backorderQueryKeys.all[0] &&
            q.queryKey[1] !== "job") ||
          q.queryKey[0] === "orders",
      })
    }
  }, [finished, queryClient])
  return query
}

export const useBackorderJobs = () =>
  useQuery({
    queryKey: backorderQueryKeys.jobs(),
    queryFn: () =>
      sdk.client.fetch<{ jobs: AdminBackorderJobSummary[]; count: number }>(
        "/admin/backorders/jobs",
        {
          query: { limit: 10 },
        }
      ),
    refetchInterval: 5_000,
  })

export const useJobAction = (action: "resume" | "reset") => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminBackorderJobResponse>(
        `/admin/backorders/jobs/${id}/${action}`,
        { method: "POST" }
      ),
    onSuccess: () => {
      toast.success(action === "resume" ? "Job resumed" : "Job reset")
      invalidate()
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useTroubleshooting = () =>
  useQuery({
    queryKey: backorderQueryKeys.troubleshooting(),
    queryFn: () =>
      sdk.client.fetch<AdminBackorderTroubleshootingResponse>(
        "/admin/backorders/troubleshooting"
      ),
  })

/** One page of the SKU report, sorted by `order`. */
export const useSkuReport = (query: {
  order: string
  limit: number
  offset: number
}) =>
  useQuery({
    queryKey: backorderQueryKeys.skus(query),
    queryFn: () =>
      sdk.client.fetch<AdminSkuReportResponse>(
        "/admin/backorders/reports/skus",
        { query }
      ),
    placeholderData: keepPreviousData,
  })

export const useSimulateRestock = () =>
  useMutation({
    mutationFn: (restock: { sku: string; quantity: number }[]) =>
      sdk.client.fetch<AdminSimulateRestockResponse>(
        "/admin/backorders/simulate",
        {
          method: "POST",
          body: { restock },
        }
      ),
  })

export const useBackorderSettings = () =>
  useQuery({
    queryKey: backorderQueryKeys.settings(),
    queryFn: () =>
      sdk.client.fetch<AdminBackorderSettingsResponse>(
        "/admin/backorders/settings"
      ),
  })

export const useUpdateBackorderSettings = () => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: (settings: Partial<AdminBackorderSettings>) =>
      sdk.client.fetch<AdminBackorderSettingsResponse>(
        "/admin/backorders/settings",
        {
          method: "POST",
          body: settings,
        }
      ),
    onSuccess: () => {
      toast.success("Backorder settings saved")
      invalidate()
    },
  })
}

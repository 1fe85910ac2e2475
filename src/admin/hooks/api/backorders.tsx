import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminBackorder,
  AdminBackorderListResponse,
  AdminBackorderResponse,
} from "../../../types/http"
import { backorderQueryKeys } from "../../lib/query-keys"
import { sdk } from "../../lib/sdk"

/** The backorder of one order (null when the order never waited for stock). */
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

export const useUpdateBackorderPriority = (
  backorder: Pick<AdminBackorder, "id" | "order_id">
) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (priority: number) =>
      sdk.client.fetch<{ backorder: AdminBackorder }>(
        `/admin/backorders/${backorder.id}/priority`,
        {
          method: "POST",
          body: { priority },
        }
      ),
    onSuccess: () => {
      toast.success("Priority updated")
      queryClient.invalidateQueries({ queryKey: backorderQueryKeys.all })
      queryClient.invalidateQueries({ queryKey: ["orders"] })
    },
    onError: (error: Error) => toast.error(error.message),
  })
}

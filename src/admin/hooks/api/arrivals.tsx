import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminBackorderArrivalListResponse,
  AdminBackorderArrivalResponse,
} from "../../../types/http"
import { backorderQueryKeys } from "../../lib/query-keys"
import { sdk } from "../../lib/sdk"

const errorMessage = (error: unknown) =>
  (error as { message?: string })?.message ?? "Something went wrong"

/** Expected arrivals of an inventory item, soonest first. */
export const useItemArrivals = (inventoryItemId: string) =>
  useQuery({
    queryKey: backorderQueryKeys.arrivals(inventoryItemId),
    queryFn: () =>
      sdk.client.fetch<AdminBackorderArrivalListResponse>(
        "/admin/backorders/arrivals",
        {
          query: {
            inventory_item_id: inventoryItemId,
            status: "expected",
            limit: 100,
          },
        }
      ),
  })

/** Any arrival change: the item's arrivals and every backorder view (dates move). */
const useArrivalMutation = <T,>(
  run: (input: T) => Promise<AdminBackorderArrivalResponse>,
  done: string
) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      toast.success(done)
      return queryClient.invalidateQueries({
        queryKey: backorderQueryKeys.all,
      })
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useCreateArrival = () =>
  useArrivalMutation(
    (body: {
      inventory_item_id: string
      location_id: string
      quantity: number
      expected_at: string
      reference?: string | null
    }) =>
      sdk.client.fetch<AdminBackorderArrivalResponse>(
        "/admin/backorders/arrivals",
        { method: "POST", body }
      ),
    "Arrival recorded"
  )

export const useReceiveArrival = () =>
  useArrivalMutation(
    (id: string) =>
      sdk.client.fetch<AdminBackorderArrivalResponse>(
        `/admin/backorders/arrivals/${id}/receive`,
        { method: "POST", body: {} }
      ),
    "Received into stock"
  )

export const useCancelArrival = () =>
  useArrivalMutation(
    (id: string) =>
      sdk.client.fetch<AdminBackorderArrivalResponse>(
        `/admin/backorders/arrivals/${id}/cancel`,
        { method: "POST", body: {} }
      ),
    "Arrival canceled"
  )

/** Imports a CSV of arrivals (the list's columns); the answer says how many were created and edited. */
export const useImportArrivals = () => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csv: string) =>
      sdk.client.fetch<{ created: number; updated: number }>(
        "/admin/backorders/arrivals/import",
        { method: "POST", body: { csv } }
      ),
    onSuccess: ({ created, updated }) => {
      toast.success(`Imported: ${created} new, ${updated} edited`)
      return queryClient.invalidateQueries({ queryKey: backorderQueryKeys.all })
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

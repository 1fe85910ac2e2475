import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminProductAlternativeListResponse,
  AdminProductAlternativeResponse,
} from "../../../types/http"
import { backorderQueryKeys } from "../../lib/query-keys"
import { sdk } from "../../lib/sdk"

const errorMessage = (error: unknown) =>
  (error as { message?: string })?.message ?? "Something went wrong"

export const useVariantAlternatives = (variantId: string) =>
  useQuery({
    queryKey: backorderQueryKeys.alternatives(variantId),
    queryFn: () =>
      sdk.client.fetch<AdminProductAlternativeListResponse>(
        "/admin/product-alternatives",
        {
          query: { variant_id: variantId, limit: 100 },
        }
      ),
  })

const useInvalidateAlternatives = () => {
  const queryClient = useQueryClient()
  return () =>
    queryClient.invalidateQueries({
      queryKey: [...backorderQueryKeys.all, "alternatives"],
    })
}

export const useCreateAlternative = () => {
  const invalidate = useInvalidateAlternatives()
  return useMutation({
    mutationFn: (body: {
      variant_id: string
      alternative_variant_id: string
      rank?: number
      two_way?: boolean
    }) =>
      sdk.client.fetch<AdminProductAlternativeResponse>(
        "/admin/product-alternatives",
        { method: "POST", body }
      ),
    onSuccess: () => {
      toast.success("Alternative added")
      invalidate()
    },
  })
}

export const useUpdateAlternative = () => {
  const invalidate = useInvalidateAlternatives()
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string
      rank?: number
      two_way?: boolean
    }) =>
      sdk.client.fetch<AdminProductAlternativeResponse>(
        `/admin/product-alternatives/${id}`,
        { method: "POST", body }
      ),
    onSuccess: () => invalidate(),
    onError: (error) => toast.error(errorMessage(error)),
  })
}

export const useDeleteAlternative = () => {
  const invalidate = useInvalidateAlternatives()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch(`/admin/product-alternatives/${id}`, {
        method: "DELETE",
      }),
    onSuccess: () => {
      toast.success("Alternative removed")
      invalidate()
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}

/** Variants matching a search, for picking an alternative. */
export const useVariantSearch = (q: string) =>
  useQuery({
    queryKey: [...backorderQueryKeys.all, "variant-search", q],
    queryFn: () =>
      sdk.admin.productVariant.list({
        q,
        limit: 10,
        fields: "id,title,sku,product.title",
      }),
    enabled: q.trim().length >= 2,
  })

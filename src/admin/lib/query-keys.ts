/** Query keys of the plugin, all under the "backorders" prefix so they never collide with core keys. */
export const backorderQueryKeys = {
  all: ["backorders"] as const,
  lists: () => [...backorderQueryKeys.all, "list"] as const,
  list: (query: Record<string, unknown>) =>
    [...backorderQueryKeys.lists(), query] as const,
  summary: () => [...backorderQueryKeys.all, "summary"] as const,
  unlockable: () => [...backorderQueryKeys.all, "unlockable"] as const,
  byOrder: (orderId: string) =>
    [...backorderQueryKeys.all, "by-order", orderId] as const,
  detail: (id: string) => [...backorderQueryKeys.all, "detail", id] as const,
  job: (id: string) => [...backorderQueryKeys.all, "job", id] as const,
  jobs: () => [...backorderQueryKeys.all, "jobs"] as const,
  troubleshooting: () =>
    [...backorderQueryKeys.all, "troubleshooting"] as const,
  skus: (query: { order: string; limit: number; offset: number }) =>
    [...backorderQueryKeys.all, "skus", query] as const,
  settings: () => [...backorderQueryKeys.all, "settings"] as const,
  arrivals: (inventoryItemId: string) =>
    [...backorderQueryKeys.all, "arrivals", inventoryItemId] as const,
  alternatives: (variantId: string) =>
    [...backorderQueryKeys.all, "alternatives", variantId] as const,
}

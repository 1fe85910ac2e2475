export * from "./types"
export { compareRank, rankOrders } from "./rank"
export { planAllocation } from "./plan"
export type { DetailedPlanResult, PlannedLine, PlannedOrder } from "./plan"
export { explainPlan } from "./explain"
export * from "./backorder"
export {
  allocateSnapshot,
  buildBackorderPlan,
  handsOutStock,
} from "./build-plan"
export { buildWorkOrders, priorityFor, whyNotWaiting } from "./work-orders"
export type { WorkLine, WorkOrder, WorkOrders } from "./work-orders"
export { checkedMetadata } from "./reservation-diff"
export * from "./alternatives"
export * from "./blocking-skus"
export * from "./simulate"
export { planNetwork } from "./network-pass"
export type { NetworkPass } from "./network-pass"
export * from "./estimate"
export { applyPlan } from "./apply-plan"
export * from "./preview"

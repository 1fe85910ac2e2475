export * from "./workflows"
export type { ArrivalChanges, ArrivalInput } from "./steps"

/** The planner's snapshot types, where workflows used to find them. */
export type {
  PlanActor,
  PlanningSnapshot,
  SnapshotBackorder,
  SnapshotBackorderLine,
  SnapshotLevel,
  SnapshotNewOrder,
  SnapshotOrderLine,
  SnapshotReservation,
} from "../../../planner"

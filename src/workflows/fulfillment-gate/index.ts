import { installFulfillmentGate } from "./install"

// Medusa imports every file under src/workflows at boot (server and worker),
// before any workflow runs: the gate is in place for the first fulfilment.
installFulfillmentGate()

export * from "./check"
export {
  FULFILLMENT_GATE_RELEASE_STEP,
  FULFILLMENT_GATE_STEP,
  installFulfillmentGate,
} from "./install"

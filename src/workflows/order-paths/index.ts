import { installOrderCreatedStep } from "./order-created-step"

// Installed at boot like the fulfilment gate, before any workflow runs.
installOrderCreatedStep()

export {
  createdOrderIds,
  installOrderCreatedStep,
  ORDER_CREATED_STEP,
} from "./order-created-step"

import {
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  createProductAlternativesStep,
  deleteProductAlternativesStep,
  updateProductAlternativeStep,
} from "../steps/product-alternative-writes"
import {
  type ProductAlternativeInput,
  validateProductAlternativesStep,
} from "../steps/validate-product-alternatives"

export const createProductAlternativesWorkflowId = "create-product-alternatives"

/**
 * Declares variants that may replace others on backordered lines (validated:
 * no self-reference, both variants exist, no duplicate pair). Compensation
 * deletes what it created.
 */
export const createProductAlternativesWorkflow = createWorkflow(
  createProductAlternativesWorkflowId,
  (input: { alternatives: ProductAlternativeInput[] }) => {
    validateProductAlternativesStep(input)
    return new WorkflowResponse(createProductAlternativesStep(input))
  }
)

export const updateProductAlternativeWorkflowId = "update-product-alternative"

/** Changes an alternative's rank or two-way flag; compensation restores it. */
export const updateProductAlternativeWorkflow = createWorkflow(
  updateProductAlternativeWorkflowId,
  (input: { id: string; rank?: number; two_way?: boolean }) =>
    new WorkflowResponse(updateProductAlternativeStep(input))
)

export const deleteProductAlternativesWorkflowId = "delete-product-alternatives"

/** Removes alternatives (soft delete); compensation restores them. */
export const deleteProductAlternativesWorkflow = createWorkflow(
  deleteProductAlternativesWorkflowId,
  (input: { ids: string[] }) => {
    const deleted = deleteProductAlternativesStep(input)
    return new WorkflowResponse(
      transform({ deleted }, ({ deleted }) => ({ ids: deleted }))
    )
  }
)

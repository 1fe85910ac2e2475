import { MedusaError } from "@medusajs/framework/utils"
import {
  OrchestratorBuilder,
  type WorkflowDefinition,
  type WorkflowHandler,
  WorkflowManager,
} from "@medusajs/framework/orchestration"

type StepNode = { action?: string; next?: StepNode | StepNode[] }

export type StepHandlers =
  WorkflowHandler extends Map<string, infer H> ? H : never

export type InsertedStep = {
  /** The plugin step's name (an action of the workflow). */
  action: string
  /** Medusa's step it goes before or after. */
  before?: string
  after?: string
  handler: StepHandlers
  noCompensation: boolean
}

export function hasStep(node: StepNode | undefined, action: string): boolean {
  if (!node) {
    return false
  }
  if (node.action === action) {
    return true
  }
  const next = Array.isArray(node.next)
    ? node.next
    : node.next
      ? [node.next]
      : []
  return next.some((child) => hasStep(child, action))
}

/**
 * Adds plugin steps to one of Medusa's core workflows, leaving its hooks free
 * for the app. Medusa has no public API to add a step to a core workflow
 * other than its hooks, so this edits the workflow's definition in Medusa's
 * workflow registry (`WorkflowManager`, where `createWorkflow` itself stores
 * it) once, at boot, before any run. It checks the steps it builds on exist
 * and throws naming them otherwise (a Medusa version whose workflow changed
 * shape): `why` says what would go unchecked. Idempotent.
 */
export function insertWorkflowSteps(
  workflowId: string,
  steps: InsertedStep[],
  why: string
): "installed" | "already installed" {
  const workflow = WorkflowManager.getWorkflow(workflowId) as
    WorkflowDefinition | undefined
  if (!workflow) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `medusa-plugin-backorders: Medusa's "${workflowId}" workflow is not registered, so ${why}.`
    )
  }
  if (steps.every((step) => hasStep(workflow.flow_ as StepNode, step.action))) {
    return "already installed"
  }
  for (const anchor of steps.map((step) => step.before ?? step.after!)) {
    if (!hasStep(workflow.flow_ as StepNode, anchor)) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `medusa-plugin-backorders: Medusa's "${workflowId}" workflow has no "${anchor}" step (this plugin is built for Medusa 2.21), so ${why}.`
      )
    }
  }
  const flow = new OrchestratorBuilder(workflow.flow_)
  for (const step of steps) {
    const options = {
      async: false,
      compensateAsync: false,
      noCompensation: step.noCompensation,
    }
    if (step.before) {
      flow.insertActionBefore(step.before, step.action, options)
    } else {
      flow.insertActionAfter(step.after!, step.action, options)
    }
  }
  const handlers: WorkflowHandler = new Map(
    steps.map((step) => [step.action, step.handler])
  )
  WorkflowManager.update(
    workflowId,
    flow,
    handlers,
    workflow.options ?? {},
    workflow.requiredModules,
    workflow.optionalModules
  )
  return "installed"
}

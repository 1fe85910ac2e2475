import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../../modules/backorder"
import type { AdminBackorderSettingsResponse } from "../../../../types"
import {
  backorderRunContext,
  updateBackorderSettingsWorkflow,
} from "../../../../workflows"
import type { AdminUpdateBackorderSettingsType } from "../validators"

const SETTING_KEYS = [
  "allocation_policy",
  "network_location_ids",
  "stuck_after_minutes",
] as const

async function respond(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderSettingsResponse>
) {
  const service = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const settings = await service.getSettings()
  const options = service.getOptions()
  res.json({
    settings: Object.fromEntries(
      SETTING_KEYS.map((key) => [key, settings[key]])
    ) as AdminBackorderSettingsResponse["settings"],
    defaults: Object.fromEntries(
      SETTING_KEYS.map((key) => [key, options[key]])
    ) as AdminBackorderSettingsResponse["defaults"],
  })
}

/** GET /admin/backorders/settings — the settings in force, and the plugin options they default to. */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminBackorderSettingsResponse>
) {
  await respond(req, res)
}

/**
 * POST /admin/backorders/settings — changes allocation_policy,
 * network_location_ids or stuck_after_minutes (null goes back to the plugin
 * option) and re-plans the waiting backorders.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateBackorderSettingsType>,
  res: MedusaResponse<AdminBackorderSettingsResponse>
) {
  await updateBackorderSettingsWorkflow(req.scope).run({
    input: {
      settings: req.validatedBody,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
    context: backorderRunContext(),
  })
  await respond(req, res)
}

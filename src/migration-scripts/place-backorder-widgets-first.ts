import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

const ORDER_LIST_ZONE = "order.list"
const ORDER_LIST_TABLE = "core:OrderListTable"

/**
 * Runs once, at `medusa db:migrate` after install. Medusa 2.21 lays pages out
 * with its LayoutComposer, which renders widgets after the core table unless a
 * layout says otherwise, so the Backorder alert would sit below every order.
 * This gives the orders page a shared default layout that places the core
 * table after the widgets. A default that already positions the table (a
 * merchant's choice) is left untouched, and every admin can still rearrange
 * the page.
 */
export default async function placeBackorderWidgetsFirst({
  container,
}: ExecArgs) {
  const settings = container.resolve(Modules.SETTINGS)
  const current =
    await settings.getSystemDefaultLayoutConfiguration(ORDER_LIST_ZONE)
  const widgets = current?.configuration?.widgets ?? {}
  if (widgets[ORDER_LIST_TABLE]?.order !== undefined) {
    return
  }
  await settings.setSystemDefaultLayoutConfiguration(ORDER_LIST_ZONE, {
    ...(current?.configuration ?? {}),
    widgets: {
      ...widgets,
      [ORDER_LIST_TABLE]: { ...(widgets[ORDER_LIST_TABLE] ?? {}), order: 1 },
    },
  })
}

import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  medusaIntegrationTestRunner,
  TestEventUtils,
} from "@medusajs/test-utils"
import {
  createProduct,
  setupStore,
  type ProductFixture,
  type StoreFixture,
} from "../../dev/fixtures"
import { parseCsv } from "../../src/api/admin/backorders/arrivals/csv"
import {
  backorderKit,
  createAdminHeaders,
  settleQueueQuietly,
  trackSubscribers,
} from "../helpers/backorders"

jest.setTimeout(240 * 1000)

/** Tables a refused request must leave exactly as they were. */
const TABLES = [
  "backorder",
  "backorder_line",
  "backorder_component",
  "backorder_event",
  "backorder_change",
  "backorder_item_figure",
  "backorder_job",
  "backorder_job_item",
  "backorder_schedule",
  "backorder_setting",
  "product_alternative",
  "backorder_arrival",
  "reservation_item",
  "inventory_level",
]

type Case = {
  name: string
  method: "get" | "post" | "delete"
  /** A path, or one built from the fixtures. */
  path: string | ((f: Fixtures) => string)
  body?: unknown | ((f: Fixtures) => unknown)
  /** Sent as is with a JSON content type (malformed JSON). */
  raw?: string
  /** A store route: sent with the publishable key. */
  store?: boolean
  status: number
  /** What the message must say (the field, what was given, what is allowed). */
  message: RegExp
}

type Fixtures = {
  backorderId: string
  shirt: ProductFixture
  mug: ProductFixture
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `bo_${i}`)
const long = (n: number) => "x".repeat(n)
const SELECTION_ROUTES = [
  "/admin/backorders/divide",
  "/admin/backorders/send-available",
  "/admin/backorders/apply-alternatives",
  "/admin/backorders/network/divide",
]

/**
 * The corpus: every plugin route × wrong types, missing and unknown fields,
 * control characters, oversized values, unknown ids.
 */
const CASES: Case[] = [
  // GET /admin/backorders
  {
    name: "list: unknown status",
    method: "get",
    path: "/admin/backorders?status=bogus",
    status: 400,
    message:
      /status must be one of backorder, network_backorder, pending, canceled \(got "bogus"\)/,
  },
  {
    name: "list: empty status",
    method: "get",
    path: "/admin/backorders?status=",
    status: 400,
    message: /status must have at least 1 item/,
  },
  {
    name: "list: limit not a number",
    method: "get",
    path: "/admin/backorders?limit=abc",
    status: 400,
    message: /limit must be a number \(got "abc"\)/,
  },
  {
    name: "list: limit 0",
    method: "get",
    path: "/admin/backorders?limit=0",
    status: 400,
    message: /limit must be at least 1 \(got 0\)/,
  },
  {
    name: "list: limit too big",
    method: "get",
    path: "/admin/backorders?limit=100000",
    status: 400,
    message: /limit must be at most 500 \(got 100000\)/,
  },
  {
    name: "list: negative offset",
    method: "get",
    path: "/admin/backorders?offset=-1",
    status: 400,
    message: /offset must be at least 0 \(got -1\)/,
  },
  {
    name: "list: priority not a number",
    method: "get",
    path: "/admin/backorders?priority=high",
    status: 400,
    message: /priority must be a number \(got "high"\)/,
  },
  {
    name: "list: search too long",
    method: "get",
    path: `/admin/backorders?q=${long(300)}`,
    status: 400,
    message: /q must be at most 200 character\(s\) long \(got 300\)/,
  },
  {
    name: "list: NUL in search",
    method: "get",
    path: "/admin/backorders?q=a%00b",
    status: 400,
    message: /q must not contain control characters/,
  },
  {
    name: "list: NUL in order_id",
    method: "get",
    path: "/admin/backorders?order_id=%00",
    status: 400,
    message: /order_id must not contain control characters/,
  },
  {
    name: "list: control character in sku",
    method: "get",
    path: "/admin/backorders?sku=%01SHIRT",
    status: 400,
    message: /sku must not contain control characters/,
  },
  {
    name: "list: DEL in cursor",
    method: "get",
    path: "/admin/backorders?after=%7F",
    status: 400,
    message: /after must not contain control characters/,
  },
  {
    name: "list: too many order ids",
    method: "get",
    path: `/admin/backorders?order_id=${ids(501).join(",")}`,
    status: 400,
    message: /order_id must have at most 500 item\(s\) \(got 501\)/,
  },
  {
    name: "list: unknown field",
    method: "get",
    path: "/admin/backorders?bogus=1",
    status: 400,
    message:
      /unknown field bogus; allowed: status, order_id, sku, priority, q, after, offset, limit/,
  },
  // GET /admin/backorders/:id
  {
    name: "retrieve: NUL id",
    method: "get",
    path: "/admin/backorders/%00",
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "retrieve: newline in id",
    method: "get",
    path: "/admin/backorders/bo%0A1",
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "retrieve: id too long",
    method: "get",
    path: `/admin/backorders/${long(300)}`,
    status: 400,
    message: /id must be at most 200 character\(s\) long \(got 300\)/,
  },
  {
    name: "retrieve: unknown id",
    method: "get",
    path: "/admin/backorders/bo_unknown",
    status: 404,
    message: /bo_unknown/,
  },
  {
    name: "retrieve: unknown query field",
    method: "get",
    path: (f) => `/admin/backorders/${f.backorderId}?expand=all`,
    status: 400,
    message: /unknown field expand; allowed: none/,
  },
  // POST /admin/backorders/:id/priority
  {
    name: "priority: missing",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: {},
    status: 400,
    message: /priority is required/,
  },
  {
    name: "priority: a string",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: { priority: "high" },
    status: 400,
    message: /priority must be a number \(got string "high"\)/,
  },
  {
    name: "priority: a fraction",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: { priority: 1.5 },
    status: 400,
    message: /priority must be an integer \(got number 1.5\)/,
  },
  {
    name: "priority: too big",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: { priority: 1e12 },
    status: 400,
    message: /priority must be at most 1000000/,
  },
  {
    name: "priority: null",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: { priority: null },
    status: 400,
    message: /priority must be a number \(got null\)/,
  },
  {
    name: "priority: unknown field",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: { priority: 1, reason: "vip" },
    status: 400,
    message: /unknown field reason; allowed: priority/,
  },
  {
    name: "priority: body is a list",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/priority`,
    body: [1],
    status: 400,
    message: /the request must be an object \(got a list \[1\]\)/,
  },
  {
    name: "priority: unknown backorder",
    method: "post",
    path: "/admin/backorders/bo_unknown/priority",
    body: { priority: 1 },
    status: 404,
    message: /bo_unknown/,
  },
  {
    name: "priority: NUL id",
    method: "post",
    path: "/admin/backorders/%00/priority",
    body: { priority: 1 },
    status: 400,
    message: /id must not contain control characters/,
  },
  // POST /admin/backorders/:id/recheck
  {
    name: "recheck: unknown backorder",
    method: "post",
    path: "/admin/backorders/bo_unknown/recheck",
    body: {},
    status: 404,
    message: /bo_unknown/,
  },
  {
    name: "recheck: unknown field",
    method: "post",
    path: (f) => `/admin/backorders/${f.backorderId}/recheck`,
    body: { force: true },
    status: 400,
    message: /unknown field force; allowed: none/,
  },
  {
    name: "recheck: control character id",
    method: "post",
    path: "/admin/backorders/%1B/recheck",
    body: {},
    status: 400,
    message: /id must not contain control characters/,
  },
  // Bulk selections
  ...SELECTION_ROUTES.flatMap((route): Case[] => [
    {
      name: `${route}: missing backorder_ids`,
      method: "post",
      path: route,
      body: {},
      status: 400,
      message: /backorder_ids is required/,
    },
    {
      name: `${route}: empty selection`,
      method: "post",
      path: route,
      body: { backorder_ids: [] },
      status: 400,
      message: /backorder_ids must have at least 1 item\(s\) \(got 0\)/,
    },
    {
      name: `${route}: 201 backorders`,
      method: "post",
      path: route,
      body: { backorder_ids: ids(201) },
      status: 400,
      message: /backorder_ids must have at most 200 item\(s\) \(got 201\)/,
    },
    {
      name: `${route}: unknown backorder`,
      method: "post",
      path: route,
      body: { backorder_ids: ["bo_unknown"] },
      status: 404,
      message: /bo_unknown/,
    },
  ]),
  {
    name: "divide: a string instead of a list",
    method: "post",
    path: "/admin/backorders/divide",
    body: { backorder_ids: "bo_1" },
    status: 400,
    message: /backorder_ids must be a list \(got string "bo_1"\)/,
  },
  {
    name: "divide: numbers in the list",
    method: "post",
    path: "/admin/backorders/divide",
    body: { backorder_ids: [1] },
    status: 400,
    message: /backorder_ids.0 must be a string \(got number 1\)/,
  },
  {
    name: "send-available: NUL in an id",
    method: "post",
    path: "/admin/backorders/send-available",
    body: { backorder_ids: ["bo_\u0000"] },
    status: 400,
    message: /backorder_ids.0 must not contain control characters/,
  },
  {
    name: "apply-alternatives: a 10 000-character id",
    method: "post",
    path: "/admin/backorders/apply-alternatives",
    body: { backorder_ids: [long(10000)] },
    status: 400,
    message:
      /backorder_ids.0 must be at most 200 character\(s\) long \(got 10000\)/,
  },
  {
    name: "network divide: unknown field",
    method: "post",
    path: "/admin/backorders/network/divide",
    body: { backorder_ids: ["bo_1"], location_id: "x" },
    status: 400,
    message: /unknown field location_id; allowed: backorder_ids/,
  },
  {
    name: "divide: malformed JSON",
    method: "post",
    path: "/admin/backorders/divide",
    raw: '{"backorder_ids": [',
    status: 400,
    message: /JSON/i,
  },
  // POST /admin/backorders/release
  {
    name: "release: ids not a list",
    method: "post",
    path: "/admin/backorders/release",
    body: { inventory_item_ids: "iitem_1" },
    status: 400,
    message: /inventory_item_ids must be a list/,
  },
  {
    name: "release: empty list",
    method: "post",
    path: "/admin/backorders/release",
    body: { inventory_item_ids: [] },
    status: 400,
    message: /inventory_item_ids must have at least 1 item/,
  },
  {
    name: "release: unknown field",
    method: "post",
    path: "/admin/backorders/release",
    body: { all: true },
    status: 400,
    message: /unknown field all; allowed: inventory_item_ids/,
  },
  {
    name: "release: unknown inventory item",
    method: "post",
    path: "/admin/backorders/release",
    body: { inventory_item_ids: ["iitem_unknown"] },
    status: 404,
    message: /iitem_unknown/,
  },
  // Settings
  {
    name: "settings: nothing to change",
    method: "post",
    path: "/admin/backorders/settings",
    body: {},
    status: 400,
    message: /give at least one setting/,
  },
  {
    name: "settings: unknown policy",
    method: "post",
    path: "/admin/backorders/settings",
    body: { allocation_policy: "greedy" },
    status: 400,
    message: /allocation_policy must be one of fill, complete \(got "greedy"\)/,
  },
  {
    name: "settings: stuck after 0 minutes",
    method: "post",
    path: "/admin/backorders/settings",
    body: { stuck_after_minutes: 0 },
    status: 400,
    message: /stuck_after_minutes must be at least 1 \(got 0\)/,
  },
  {
    name: "settings: network locations not a list",
    method: "post",
    path: "/admin/backorders/settings",
    body: { network_location_ids: "sloc_1" },
    status: 400,
    message: /network_location_ids must be a list/,
  },
  {
    name: "settings: unknown network location",
    method: "post",
    path: "/admin/backorders/settings",
    body: { network_location_ids: ["sloc_unknown"] },
    status: 400,
    message: /sloc_unknown/,
  },
  {
    name: "settings: unknown field",
    method: "post",
    path: "/admin/backorders/settings",
    body: { policy: "fill" },
    status: 400,
    message:
      /unknown field policy; allowed: allocation_policy, network_location_ids, stuck_after_minutes/,
  },
  {
    name: "settings read: unknown query field",
    method: "get",
    path: "/admin/backorders/settings?x=1",
    status: 400,
    message: /unknown field x/,
  },
  // Simulate
  {
    name: "simulate: missing restock",
    method: "post",
    path: "/admin/backorders/simulate",
    body: {},
    status: 400,
    message: /restock is required/,
  },
  {
    name: "simulate: neither item nor sku",
    method: "post",
    path: "/admin/backorders/simulate",
    body: { restock: [{ quantity: 1 }] },
    status: 400,
    message: /give either inventory_item_id or sku/,
  },
  {
    name: "simulate: negative quantity",
    method: "post",
    path: "/admin/backorders/simulate",
    body: { restock: [{ sku: "SHIRT", quantity: -1 }] },
    status: 400,
    message: /restock.0.quantity must be at least/,
  },
  {
    name: "simulate: 201 lines",
    method: "post",
    path: "/admin/backorders/simulate",
    body: {
      restock: Array.from({ length: 201 }, () => ({ sku: "S", quantity: 1 })),
    },
    status: 400,
    message: /restock must have at most 200 item\(s\) \(got 201\)/,
  },
  {
    name: "simulate: unknown SKU",
    method: "post",
    path: "/admin/backorders/simulate",
    body: { restock: [{ sku: "NO-SUCH-SKU", quantity: 1 }] },
    status: 404,
    message: /NO-SUCH-SKU/,
  },
  // SKU report
  {
    name: "sku report: unknown column",
    method: "get",
    path: "/admin/backorders/reports/skus?order=price",
    status: 400,
    message: /order must be one of sku, inventory_item_id, units_backordered/,
  },
  {
    name: "sku report: unknown format",
    method: "get",
    path: "/admin/backorders/reports/skus?format=xml",
    status: 400,
    message: /format must be one of json, csv \(got "xml"\)/,
  },
  {
    name: "sku report: page of 0",
    method: "get",
    path: "/admin/backorders/reports/skus?limit=0",
    status: 400,
    message: /limit must be at least 1 \(got 0\)/,
  },
  {
    name: "sku report: page over 500",
    method: "get",
    path: "/admin/backorders/reports/skus?limit=501",
    status: 400,
    message: /limit must be at most 500 \(got 501\)/,
  },
  {
    name: "sku report: NUL in order",
    method: "get",
    path: "/admin/backorders/reports/skus?order=%00",
    status: 400,
    message: /order must not contain control characters/,
  },
  // Unlockable, summary, troubleshooting
  {
    name: "unlockable: negative limit",
    method: "get",
    path: "/admin/backorders/unlockable?limit=-5",
    status: 400,
    message: /limit must be at least 1 \(got -5\)/,
  },
  {
    name: "unlockable: unknown field",
    method: "get",
    path: "/admin/backorders/unlockable?sku=A",
    status: 400,
    message: /unknown field sku; allowed: after, offset, limit/,
  },
  {
    name: "unlockable: a cursor that is not one",
    method: "get",
    path: "/admin/backorders/unlockable?after=bm90LWEtY3Vyc29y",
    status: 400,
    message: /after must be the next_cursor of a previous page/,
  },
  {
    name: "list: a forged cursor with a priority out of range",
    method: "get",
    path: "/admin/backorders?after=eyJwcmlvcml0eSI6IDEwMDAwMDAwMDAwLjAsICJvcmRlcl9jcmVhdGVkX2F0IjogIjIwMjYtMDEtMDFUMDA6MDA6MDAuMDAwWiIsICJvcmRlcl9kaXNwbGF5X2lkIjogMSwgIm9yZGVyX2lkIjogIm8iLCAiaWQiOiAiYm9fMSJ9",
    status: 400,
    message: /after must be the next_cursor of a previous page/,
  },
  {
    name: "summary: unknown field",
    method: "get",
    path: "/admin/backorders/summary?since=today",
    status: 400,
    message: /unknown field since; allowed: none/,
  },
  {
    name: "troubleshooting: unknown field",
    method: "get",
    path: "/admin/backorders/troubleshooting?verbose=1",
    status: 400,
    message: /unknown field verbose; allowed: none/,
  },
  // Jobs
  {
    name: "jobs: unknown status",
    method: "get",
    path: "/admin/backorders/jobs?status=done",
    status: 400,
    message:
      /status must be one of queued, running, succeeded, failed, stuck \(got "done"\)/,
  },
  {
    name: "jobs: limit beyond 100",
    method: "get",
    path: "/admin/backorders/jobs?limit=101",
    status: 400,
    message: /limit must be at most 100/,
  },
  {
    name: "job: NUL id",
    method: "get",
    path: "/admin/backorders/jobs/%00",
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "job: unknown id",
    method: "get",
    path: "/admin/backorders/jobs/bojob_unknown",
    status: 404,
    message: /bojob_unknown/,
  },
  {
    name: "job reset: unknown id",
    method: "post",
    path: "/admin/backorders/jobs/bojob_unknown/reset",
    body: {},
    status: 404,
    message: /bojob_unknown/,
  },
  {
    name: "job resume: unknown id",
    method: "post",
    path: "/admin/backorders/jobs/bojob_unknown/resume",
    body: {},
    status: 404,
    message: /bojob_unknown/,
  },
  {
    name: "job reset: unknown field",
    method: "post",
    path: "/admin/backorders/jobs/bojob_unknown/reset",
    body: { hard: true },
    status: 400,
    message: /unknown field hard; allowed: none/,
  },
  // Expected arrivals
  {
    name: "arrivals: unknown status",
    method: "get",
    path: "/admin/backorders/arrivals?status=late",
    status: 400,
    message:
      /status must be one of expected, received, canceled \(got "late"\)/,
  },
  {
    name: "arrivals: overdue not a boolean",
    method: "get",
    path: "/admin/backorders/arrivals?overdue=yes",
    status: 400,
    message: /overdue must be one of true, false \(got "yes"\)/,
  },
  {
    name: "arrival create: missing fields",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {},
    status: 400,
    message:
      /inventory_item_id is required; location_id is required; quantity is required; expected_at is required/,
  },
  {
    name: "arrival create: not a date",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      quantity: 1,
      expected_at: "soon",
    },
    status: 400,
    message:
      /expected_at must be a date \(YYYY-MM-DD\) or an ISO 8601 date-time \(got "soon"\)/,
  },
  {
    name: "arrival create: a day that does not exist",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      quantity: 1,
      expected_at: "2026-02-30",
    },
    status: 400,
    message: /expected_at must be a date \(YYYY-MM-DD\).*\(got "2026-02-30"\)/,
  },
  {
    name: "arrival create: a year PostgreSQL cannot store",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      quantity: 1,
      expected_at: "-100000-01-01",
    },
    status: 400,
    message: /expected_at must be a date \(YYYY-MM-DD\)/,
  },
  {
    name: "arrival create: zero quantity",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      quantity: 0,
      expected_at: "2026-12-24",
    },
    status: 400,
    message: /quantity must be at least 1 \(got 0\)/,
  },
  {
    name: "arrival create: unknown level",
    method: "post",
    path: "/admin/backorders/arrivals",
    body: {
      inventory_item_id: "iitem_nope",
      location_id: "sloc_nope",
      quantity: 1,
      expected_at: "2026-12-24",
    },
    status: 404,
    message:
      /No stock level for inventory item iitem_nope at location sloc_nope/,
  },
  {
    name: "arrivals import: no csv",
    method: "post",
    path: "/admin/backorders/arrivals/import",
    body: {},
    status: 400,
    message: /csv is required/,
  },
  {
    name: "arrivals import: csv not text",
    method: "post",
    path: "/admin/backorders/arrivals/import",
    body: { csv: ["a", "b"] },
    status: 400,
    message: /csv must be a string \(got a list/,
  },
  {
    name: "arrivals import: a header without an item column",
    method: "post",
    path: "/admin/backorders/arrivals/import",
    body: { csv: "quantity,expected_at\n1,2026-12-24" },
    status: 400,
    message: /header must name inventory_item_id or sku/,
  },
  {
    name: "arrivals list: unknown format",
    method: "get",
    path: "/admin/backorders/arrivals?format=xlsx",
    status: 400,
    message: /format must be one of json, csv \(got "xlsx"\)/,
  },
  {
    name: "arrival edit: nothing to change",
    method: "post",
    path: "/admin/backorders/arrivals/boarr_nope",
    body: {},
    status: 400,
    message:
      /give at least one of location_id, quantity, expected_at, reference/,
  },
  {
    name: "arrival edit: unknown id",
    method: "post",
    path: "/admin/backorders/arrivals/boarr_nope",
    body: { quantity: 3 },
    status: 404,
    message: /boarr_nope/,
  },
  {
    name: "arrival receive: a fraction",
    method: "post",
    path: "/admin/backorders/arrivals/boarr_nope/receive",
    body: { quantity: 0.5 },
    status: 400,
    message: /quantity must be an integer \(got number 0.5\)/,
  },
  {
    name: "arrival receive: unknown id",
    method: "post",
    path: "/admin/backorders/arrivals/boarr_nope/receive",
    body: {},
    status: 404,
    message: /boarr_nope/,
  },
  {
    name: "arrival cancel: NUL id",
    method: "post",
    path: "/admin/backorders/arrivals/%00/cancel",
    body: {},
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "arrival read: unknown id",
    method: "get",
    path: "/admin/backorders/arrivals/boarr_nope",
    status: 404,
    message: /boarr_nope/,
  },
  // Store routes
  {
    name: "store availability: no variant",
    method: "get",
    path: "/store/backorders/availability",
    store: true,
    status: 400,
    message: /variant_id is required/,
  },
  {
    name: "store availability: 101 variants",
    method: "get",
    path: `/store/backorders/availability?variant_id=${ids(101).join(",")}`,
    store: true,
    status: 400,
    message: /variant_id must have at most 100 item\(s\) \(got 101\)/,
  },
  {
    name: "store availability: NUL variant",
    method: "get",
    path: "/store/backorders/availability?variant_id=%00",
    store: true,
    status: 400,
    message: /variant_id must not contain control characters/,
  },
  {
    name: "store availability: unknown field",
    method: "get",
    path: "/store/backorders/availability?variant_id=v&region_id=r",
    store: true,
    status: 400,
    message: /unknown field region_id; allowed: variant_id, sales_channel_id/,
  },
  {
    name: "store availability: a channel the key does not sell in",
    method: "get",
    path: (f) =>
      `/store/backorders/availability?variant_id=${f.shirt.variantId}&sales_channel_id=sc_other`,
    store: true,
    status: 400,
    message: /sc_other is not a sales channel of this publishable key/,
  },
  {
    name: "store availability: unknown variant",
    method: "get",
    path: "/store/backorders/availability?variant_id=variant_nope",
    store: true,
    status: 404,
    message: /variant_nope/,
  },
  {
    name: "store customer backorders: no customer login",
    method: "get",
    path: "/store/customers/me/backorders",
    store: true,
    status: 401,
    message: /Unauthorized/,
  },
  {
    name: "store cart preview: NUL cart id",
    method: "get",
    path: "/store/carts/%00/backorders",
    store: true,
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "store cart preview: unknown cart",
    method: "get",
    path: "/store/carts/cart_nope/backorders",
    store: true,
    status: 404,
    message: /cart_nope/,
  },
  {
    name: "store cart preview: unknown query field",
    method: "get",
    path: "/store/carts/cart_nope/backorders?fields=*",
    store: true,
    status: 400,
    message: /unknown field fields; allowed: none/,
  },
  // Product alternatives
  {
    name: "alternatives list: limit not a number",
    method: "get",
    path: "/admin/product-alternatives?limit=many",
    status: 400,
    message: /limit must be a number \(got "many"\)/,
  },
  {
    name: "alternatives list: NUL variant",
    method: "get",
    path: "/admin/product-alternatives?variant_id=%00",
    status: 400,
    message: /variant_id must not contain control characters/,
  },
  {
    name: "alternatives list: unknown field",
    method: "get",
    path: "/admin/product-alternatives?product_id=p",
    status: 400,
    message: /unknown field product_id; allowed: variant_id, offset, limit/,
  },
  {
    name: "alternative create: missing fields",
    method: "post",
    path: "/admin/product-alternatives",
    body: {},
    status: 400,
    message: /variant_id is required; alternative_variant_id is required/,
  },
  {
    name: "alternative create: number variant",
    method: "post",
    path: "/admin/product-alternatives",
    body: { variant_id: 1, alternative_variant_id: "v" },
    status: 400,
    message: /variant_id must be a string \(got number 1\)/,
  },
  {
    name: "alternative create: rank 0",
    method: "post",
    path: "/admin/product-alternatives",
    body: (f: Fixtures) => ({
      variant_id: f.shirt.variantId,
      alternative_variant_id: f.mug.variantId,
      rank: 0,
    }),
    status: 400,
    message: /rank must be at least 1 \(got 0\)/,
  },
  {
    name: "alternative create: two_way not a boolean",
    method: "post",
    path: "/admin/product-alternatives",
    body: (f: Fixtures) => ({
      variant_id: f.shirt.variantId,
      alternative_variant_id: f.mug.variantId,
      two_way: "yes",
    }),
    status: 400,
    message: /two_way must be a boolean \(got string "yes"\)/,
  },
  {
    name: "alternative create: unknown variants",
    method: "post",
    path: "/admin/product-alternatives",
    body: { variant_id: "variant_nope", alternative_variant_id: "variant_nah" },
    status: 404,
    message: /variant_nope/,
  },
  {
    name: "alternative create: a variant as its own alternative",
    method: "post",
    path: "/admin/product-alternatives",
    body: (f: Fixtures) => ({
      variant_id: f.shirt.variantId,
      alternative_variant_id: f.shirt.variantId,
    }),
    status: 400,
    message: /own alternative|itself|same/i,
  },
  {
    name: "alternative update: nothing to change",
    method: "post",
    path: "/admin/product-alternatives/palt_unknown",
    body: {},
    status: 400,
    message: /give rank or two_way/,
  },
  {
    name: "alternative update: unknown id",
    method: "post",
    path: "/admin/product-alternatives/palt_unknown",
    body: { rank: 2 },
    status: 404,
    message: /palt_unknown/,
  },
  {
    name: "alternative update: NUL id",
    method: "post",
    path: "/admin/product-alternatives/%00",
    body: { rank: 2 },
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "alternative retrieve: NUL id",
    method: "get",
    path: "/admin/product-alternatives/%00",
    status: 400,
    message: /id must not contain control characters/,
  },
  {
    name: "alternative delete: unknown id",
    method: "delete",
    path: "/admin/product-alternatives/palt_unknown",
    status: 404,
    message: /palt_unknown/,
  },
  {
    name: "alternative delete: control character id",
    method: "delete",
    path: "/admin/product-alternatives/%07",
    status: 400,
    message: /id must not contain control characters/,
  },
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: Record<string, string>
    let fixtures: Fixtures
    let before: Record<string, string>
    const kit = backorderKit(api, getContainer, () => ({ store, headers }))

    /** A fingerprint of every row of the tables a request could write. */
    const fingerprint = async () => {
      const knex = getContainer().resolve(
        ContainerRegistrationKeys.PG_CONNECTION
      )
      const result: Record<string, string> = {}
      for (const table of TABLES) {
        const {
          rows: [row],
        } = await knex.raw(
          `select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as print from "${table}" t`
        )
        result[table] = row.print
      }
      return result
    }

    beforeAll(async () => {
      const container = getContainer()
      trackSubscribers(container)
      store = await setupStore(container)
      headers = await createAdminHeaders(container)
      const location = store.locationIds[0]
      const shirt = await createProduct(container, store, {
        title: "Shirt",
        sku: "SHIRT",
        stock: { [location]: 0 },
      })
      const mug = await createProduct(container, store, {
        title: "Mug",
        sku: "MUG",
        stock: { [location]: 5 },
      })
      // The backorder's customer-updates subscriber writes its estimate:
      // wait for it, so the fingerprint is taken after every write.
      const updated = TestEventUtils.waitSubscribersExecution(
        "backorder.created",
        container.resolve(Modules.EVENT_BUS),
        { timeout: 30000 }
      )
      const order = await kit.order({
        items: [{ variant_id: shirt.variantId, quantity: 2 }],
      })
      await updated
      fixtures = {
        backorderId: (await kit.backorderOf(order.id)).id,
        shirt,
        mug,
      }
      // Before Medusa's runner snapshots the database (see the helper).
      await settleQueueQuietly(container)
      before = await fingerprint()
    })

    it(`has a corpus of at least 50 malformed requests (${CASES.length})`, () => {
      expect(CASES.length).toBeGreaterThanOrEqual(50)
    })

    it.each(CASES.map((c) => [c.name, c] as const))(
      "%s → 4xx with a message",
      async (_name, c) => {
        const path = typeof c.path === "function" ? c.path(fixtures) : c.path
        const body = typeof c.body === "function" ? c.body(fixtures) : c.body
        const response = await api
          .request({
            method: c.method,
            url: path,
            data: c.raw ?? body,
            headers: {
              ...(c.store
                ? { "x-publishable-api-key": store.publishableKey }
                : headers),
              ...(c.raw !== undefined
                ? { "content-type": "application/json" }
                : {}),
            },
            transformRequest:
              c.raw !== undefined ? [(data: unknown) => data] : undefined,
            validateStatus: () => true,
          })
          .catch(
            (error: any) => error.response ?? { status: 0, data: String(error) }
          )
        expect({ status: response.status, data: response.data }).toEqual({
          status: c.status,
          data: expect.objectContaining({
            message: expect.stringMatching(c.message),
          }),
        })
        // Refused, so nothing written: checked here, because the runner
        // restores the database before every test (a separate test would
        // only ever compare the restored state with itself).
        expect(await fingerprint()).toEqual(before)
      }
    )

    it("exports SKUs that look like formulas as text in the CSV (OWASP), in UTF-8 with a BOM", async () => {
      const container = getContainer()
      const location = store.locationIds[0]
      for (const sku of ['=HYPERLINK("x")', "-1+1"]) {
        const product = await createProduct(container, store, {
          title: `Hostile ${sku}`,
          sku,
          stock: { [location]: 0 },
        })
        await kit.order({
          items: [{ variant_id: product.variantId, quantity: 1 }],
        })
      }
      const response = await api.get(
        "/admin/backorders/reports/skus?format=csv&order=sku",
        { headers, responseType: "arraybuffer" }
      )
      expect(response.headers["content-type"]).toMatch(
        /^text\/csv; charset=utf-8/
      )
      const bytes = Buffer.from(response.data)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const rows = parseCsv(bytes.subarray(3).toString("utf8"))
      expect(rows[0]).toEqual([
        "sku",
        "inventory_item_id",
        "units_backordered",
        "orders_waiting",
        "oldest_waiting_since",
        "free",
        "incoming",
        "units_to_release_all",
        "all_released_expected_at",
      ])
      // Every row has the header's 9 columns: the quote and comma inside the
      // formula do not shift them.
      expect(rows.slice(1).every((row) => row.length === 9)).toBe(true)
      const bySku = new Map(rows.slice(1).map((row) => [row[0], row]))
      // A leading apostrophe makes Excel and LibreOffice show the text instead of evaluating it.
      expect(bySku.get(`'=HYPERLINK("x")`)).toMatchObject({ 2: "1", 3: "1" })
      expect(bySku.get("'-1+1")).toMatchObject({ 2: "1", 3: "1" })
      expect(bySku.get("SHIRT")).toMatchObject({ 2: "2", 3: "1" })
      // Raw: the formula is quoted with its quotes doubled (RFC 4180).
      expect(bytes.toString("utf8")).toContain(`"'=HYPERLINK(""x"")"`)
    })
  },
})

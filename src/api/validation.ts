import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

/** C0 controls and DEL: never part of an id, a SKU or a search. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/**
 * A non-empty string of at most `max` characters without control characters
 * (PostgreSQL refuses NUL in text; none belongs in an id or a search).
 */
export const text = (max = 200) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      message: "must not contain control characters",
    })

/** An id: what Medusa's ids are made of, with room for ids an app chose. */
export const id = () => text(200)

const MAX_SHOWN = 60

/** The given value, short enough to quote in a message. */
export function shown(value: unknown): string {
  if (value === undefined) {
    return "nothing"
  }
  let json: string
  try {
    json = JSON.stringify(value) ?? String(value)
  } catch {
    json = String(value)
  }
  return json.length > MAX_SHOWN
    ? `${json.slice(0, MAX_SHOWN)}… (${json.length} characters)`
    : json
}

const kindOf = (value: unknown) =>
  Array.isArray(value) ? "a list" : typeof value

const EXPECTED: Record<string, string> = {
  array: "a list",
  object: "an object",
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
}

type Issue = z.core.$ZodIssue & { input?: unknown; received?: unknown }

/** The value at `path` in what the client sent (a coerced value reports NaN). */
function sentAt(sent: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value && typeof value === "object"
        ? (value as Record<PropertyKey, unknown>)[key]
        : // A query list sent as "a,b".
          typeof value === "string" && typeof key === "number"
          ? value.split(",")[key]?.trim()
          : undefined,
    sent
  )
}

/**
 * One issue as a sentence: the field, what was given, what is allowed.
 * Query values are strings (a list's items are named by the list).
 */
export function describeIssue(
  issue: Issue,
  allowedKeys: string[],
  options: { sent?: unknown; query?: boolean } = {}
): string {
  const path = issue.path
    .filter((key) => !(options.query && typeof key === "number"))
    .map(String)
    .join(".")
  const field = path || "the request"
  const input =
    issue.received === "NaN" ? sentAt(options.sent, issue.path) : issue.input
  const given = shown(input)
  const got =
    input === null || options.query
      ? `(got ${given})`
      : `(got ${kindOf(input)} ${given})`
  switch (issue.code) {
    case "invalid_value":
      return issue.values.length > 1
        ? `${field} must be one of ${issue.values.join(", ")} (got ${given})`
        : `${field} must be ${String(issue.values[0])} (got ${given})`
    case "invalid_type":
      return input === undefined
        ? `${field} is required`
        : `${field} must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`} ${got}`
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}${
        path ? ` in ${path}` : ""
      }; allowed: ${allowedKeys.length ? allowedKeys.join(", ") : "none"}`
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? "at least" : "at most"
      const limit = String(
        issue.code === "too_small" ? issue.minimum : issue.maximum
      )
      if (issue.origin === "array" || issue.origin === "set") {
        return `${field} must have ${bound} ${limit} item(s) (got ${
          Array.isArray(input) ? input.length : given
        })`
      }
      if (issue.origin === "string") {
        return `${field} must be ${bound} ${limit} character(s) long (got ${
          typeof input === "string" ? input.length : given
        })`
      }
      return `${field} must be ${bound} ${limit} (got ${given})`
    }
    case "invalid_format":
      return `${field} is not a valid ${issue.format} (got ${given})`
    case "not_multiple_of":
      return `${field} must be a multiple of ${String(issue.divisor)} (got ${given})`
    default:
      return path
        ? `${field} ${issue.message}${
            input !== undefined && typeof input !== "object"
              ? ` (got ${given})`
              : ""
          }`
        : issue.message
  }
}

/** The top-level keys an object schema accepts (for "allowed: …"). */
function keysOf(schema: z.ZodTypeAny): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape
  if (shape) {
    return Object.keys(shape)
  }
  const inner =
    (schema as any)._zod?.def?.in ?? (schema as any)._zod?.def?.innerType
  return inner ? keysOf(inner) : []
}

/** Every issue of a failed parse, as one message (the first five issues). */
export function describeInvalid(
  error: z.ZodError,
  schema: z.ZodTypeAny,
  where: "path" | "query" | "body",
  sent?: unknown
): string {
  const issues = error.issues as Issue[]
  const allowed = keysOf(schema)
  const messages = issues
    .slice(0, 5)
    .map((i) => describeIssue(i, allowed, { sent, query: where === "query" }))
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : ""
  return `Invalid ${where}: ${messages.join("; ")}${more}`
}

type Schemas = {
  params?: z.ZodTypeAny
  query?: z.ZodTypeAny
  body?: z.ZodTypeAny
}

/**
 * Checks a request's path parameters, query and body before the route (and
 * before Medusa's own validators, which then transform what passed) and
 * answers 400 with what is wrong, what was given and what is allowed. It
 * writes nothing, so a refused request changes nothing.
 */
export function checkInput(schemas: Schemas) {
  return (
    req: MedusaRequest,
    _res: MedusaResponse,
    next: MedusaNextFunction
  ) => {
    for (const [part, schema] of Object.entries(schemas) as [
      keyof Schemas,
      z.ZodTypeAny,
    ][]) {
      const value =
        part === "params"
          ? req.params
          : part === "query"
            ? req.query
            : (req.body ?? {})
      const result = schema.safeParse(value, { reportInput: true })
      if (!result.success) {
        return next(
          new MedusaError(
            MedusaError.Types.INVALID_DATA,
            describeInvalid(
              result.error,
              schema,
              part === "params" ? "path" : part,
              value
            )
          )
        )
      }
    }
    return next()
  }
}

/** A path with an `:id`: the id is text without control characters. */
export const IdParams = z.object({ id: id() }).passthrough()

/** A request that takes no query parameters (or no body). */
export const Nothing = z.object({}).strict()

import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";

/** A schema stripped of its wrappers, and what the wrappers allowed. */
export interface UnwrappedSchema {
  leaf: z.ZodType;
  /** The value may be left out (optional, or has a default). */
  optional: boolean;
  nullable: boolean;
}

/** Looks through optional, nullable, default, pipe (its input side), lazy and the like to the schema of the value. */
export function unwrap(schema: z.ZodType): UnwrappedSchema {
  let leaf = schema;
  let optional = false;
  let nullable = false;
  for (let depth = 0; depth < 20; depth += 1) {
    if (leaf instanceof z.ZodOptional || leaf instanceof z.ZodDefault || leaf instanceof z.ZodPrefault) {
      optional = true;
      leaf = leaf.def.innerType as z.ZodType;
    } else if (leaf instanceof z.ZodNullable) {
      nullable = true;
      leaf = leaf.def.innerType as z.ZodType;
    } else if (leaf instanceof z.ZodReadonly || leaf instanceof z.ZodCatch || leaf instanceof z.ZodNonOptional) {
      leaf = leaf.def.innerType as z.ZodType;
    } else if (leaf instanceof z.ZodPipe) {
      leaf = leaf.in as z.ZodType;
    } else if (leaf instanceof z.ZodLazy) {
      leaf = leaf.def.getter() as z.ZodType;
    } else {
      break;
    }
  }
  return { leaf, optional, nullable };
}

/** The string properties zod keeps on every string schema, formats (email, uuid…) included. */
export interface StringBounds {
  minLength: number | null;
  maxLength: number | null;
  format: string | null;
}

export function stringBounds(schema: z.ZodType): StringBounds {
  return schema as unknown as StringBounds;
}

function numberBounds(schema: z.ZodType): { minValue: number | null } {
  return schema as unknown as { minValue: number | null };
}

function unique(): string {
  return randomBytes(4).toString("hex");
}

let dateSamples = 0;

/** Strings that often satisfy a field's format; the first the schema accepts is used. */
function stringCandidates(schema: z.ZodType): string[] {
  const { minLength, format } = stringBounds(schema);
  const tag = unique();
  const byFormat: Record<string, string> = {
    uuid: randomUUID(),
    guid: randomUUID(),
    email: `sweep-${tag}@example.test`,
    url: `https://example.test/${tag}`,
    datetime: new Date().toISOString(),
  };
  return [
    ...(format && byFormat[format] ? [byFormat[format]] : []),
    `sweep-${tag}`,
    "x".repeat(Math.max(minLength ?? 1, 1)),
    "en",
    "Europe/Berlin",
    "documents:read",
    "member.removed",
    "123456",
    "+41 44 123 45 67",
    "1 hour",
    `sweep_${tag}`,
  ];
}

function firstAccepted(schema: z.ZodType, candidates: unknown[]): { value: unknown } | null {
  const found = candidates.find((candidate) => schema.safeParse(candidate).success);
  return found === undefined ? null : { value: found };
}

/**
 * A value the schema is likely to accept: every field filled when `full`, only the required ones
 * otherwise. Null when no value of the right shape could be made.
 */
function sample(schema: z.ZodType, full: boolean, depth = 0): { value: unknown } | null {
  if (depth > 8) return null;
  if (schema instanceof z.ZodOptional)
    return full ? sample(schema.def.innerType as z.ZodType, full, depth + 1) : { value: undefined };
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return full ? sample(schema.def.innerType as z.ZodType, full, depth + 1) : { value: undefined };
  }
  if (schema instanceof z.ZodNullable)
    return sample(schema.def.innerType as z.ZodType, full, depth + 1) ?? { value: null };
  const { leaf } = unwrap(schema);
  if (leaf !== schema) return sample(leaf, full, depth + 1);
  if (schema instanceof z.ZodObject) {
    const value: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const fieldSample = sample(field, full, depth + 1);
      if (!fieldSample) return null;
      if (fieldSample.value !== undefined) value[key] = fieldSample.value;
    }
    return { value };
  }
  if (schema instanceof z.ZodArray) {
    const element = sample(schema.element as z.ZodType, full, depth + 1);
    if (!element) return null;
    const minimum = arrayMinimum(schema);
    return { value: Array.from({ length: Math.max(minimum, 1) }, () => element.value) };
  }
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodType[]) {
      const optionSample = sample(option, full, depth + 1);
      if (optionSample && option.safeParse(optionSample.value).success) return optionSample;
    }
    return null;
  }
  if (schema instanceof z.ZodIntersection) {
    const left = sample(schema.def.left as z.ZodType, full, depth + 1);
    const right = sample(schema.def.right as z.ZodType, full, depth + 1);
    return left && right ? { value: { ...(left.value as object), ...(right.value as object) } } : null;
  }
  if (schema instanceof z.ZodTuple) {
    const items = (schema.def.items as z.ZodType[]).map((item) => sample(item, full, depth + 1));
    return items.every(Boolean) ? { value: items.map((item) => item?.value) } : null;
  }
  if (schema instanceof z.ZodEnum) return { value: schema.options[0] };
  if (schema instanceof z.ZodLiteral) return { value: schema.values.values().next().value };
  switch (schema.def.type) {
    case "string":
      return firstAccepted(schema, stringCandidates(schema));
    case "number":
      return firstAccepted(schema, [numberBounds(schema).minValue, 1, 0, 10, 100, 0.5].filter(Number.isFinite));
    case "bigint":
      return { value: 1n };
    case "boolean":
      return { value: false };
    case "date":
      // Each date sampled is a second later than the one before, so a range (`from`, then `to`) is ordered.
      dateSamples += 1;
      return firstAccepted(schema, [new Date(Date.now() + 86_400_000 + dateSamples * 1_000), new Date()]);
    case "null":
      return { value: null };
    case "undefined":
    case "void":
      return { value: undefined };
    case "record":
      return { value: {} };
    // A custom check (such as a bounded JSON object) says nothing of its shape; try the usual ones.
    case "custom":
      return firstAccepted(schema, [{}, "sweep", 1, []]);
    case "any":
    case "unknown":
      return { value: "sweep" };
    default:
      return null;
  }
}

/** The fewest elements an array schema takes. */
export function arrayMinimum(schema: z.ZodArray): number {
  let minimum = 0;
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def as { check: string; minimum?: number; length?: number };
    if (def.check === "min_length" && def.minimum !== undefined) minimum = Math.max(minimum, def.minimum);
    if (def.check === "length_equals" && def.length !== undefined) minimum = def.length;
  }
  return minimum;
}

/** An input the procedure's schema accepts, to mutate one field at a time; `valid` says whether it really is. */
export interface BaselineInput {
  value: unknown;
  valid: boolean;
}

/**
 * Walks a zod input schema to a valid-shaped input: every field filled if that passes, else only
 * the required ones (the other way round with `requiredOnly`).
 */
export function baselineInput(schema: z.ZodType, { requiredOnly = false } = {}): BaselineInput {
  const order = requiredOnly ? [false, true] : [true, false];
  const attempts = order.map((full) => sample(schema, full)).filter((attempt) => attempt !== null);
  const accepted = attempts.find((attempt) => schema.safeParse(attempt.value).success);
  if (accepted) return { value: accepted.value, valid: true };
  return { value: attempts[0]?.value ?? {}, valid: false };
}

/** A fresh sample of one field's schema (used to fill an array), or a plain string when none can be made. */
export function sampleValue(schema: z.ZodType): unknown {
  return (sample(schema, false) ?? { value: "sweep" }).value;
}

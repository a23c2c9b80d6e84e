import { z } from "zod";
import { sampleValue, stringBounds, unwrap } from "./input-samples";

/** One field of an input as the sweep mutates it: where it sits in the baseline and what its schema allows. */
export interface InputField {
  path: (string | number)[];
  /** The field's schema without optional, nullable and default wrappers. */
  leaf: z.ZodType;
  optional: boolean;
  nullable: boolean;
}

/** A dotted path for reports: `teamIds.0`. */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Every field of `baseline` the schema describes, nested ones and the first element of arrays
 * included; for a union, the fields of the option the baseline matches.
 */
export function inputFields(schema: z.ZodType, baseline: unknown, path: (string | number)[] = []): InputField[] {
  if (path.length > 6) return [];
  const { leaf } = unwrap(schema);
  if (leaf instanceof z.ZodUnion) {
    const option = (leaf.options as z.ZodType[]).find((candidate) => candidate.safeParse(baseline).success);
    return option ? inputFields(option, baseline, path) : [];
  }
  if (leaf instanceof z.ZodObject && isRecord(baseline)) {
    return Object.entries(leaf.shape as Record<string, z.ZodType>).flatMap(([key, fieldSchema]) => [
      { path: [...path, key], ...unwrap(fieldSchema) },
      ...inputFields(fieldSchema, baseline[key], [...path, key]),
    ]);
  }
  if (leaf instanceof z.ZodArray && Array.isArray(baseline) && baseline.length > 0) {
    const element = leaf.element as z.ZodType;
    return [{ path: [...path, 0], ...unwrap(element) }, ...inputFields(element, baseline[0], [...path, 0])];
  }
  return [];
}

/** The longest string and the largest array any input must refuse. */
export const UNBOUNDED_STRING_LENGTH = 100_000;
export const UNBOUNDED_ARRAY_LENGTH = 100_000;

/**
 * 100 kB strings shaped like a valid value (padded at either end), so a pattern without a length
 * limit still lets one through; the plain one comes last.
 */
export function oversizedStrings(schema: z.ZodType, length: number): string[] {
  const valid = sampleValue(schema);
  const shaped = typeof valid === "string" && valid.length > 0 ? valid : "x";
  const first = shaped.slice(0, 1);
  const last = shaped.slice(-1);
  return [
    first.repeat(length - shaped.length) + shaped,
    shaped + last.repeat(length - shaped.length),
    "a".repeat(length),
    "1".repeat(length),
    "x".repeat(length),
  ];
}

/** The first oversized string the schema accepts, or null when it bounds the length. */
export function acceptedOversizedString(schema: z.ZodType, length: number): string | null {
  return oversizedStrings(schema, length).find((candidate) => schema.safeParse(candidate).success) ?? null;
}

function arrayIsBounded(schema: z.ZodArray): boolean {
  return (schema.def.checks ?? []).some((check) => {
    const kind = (check._zod.def as { check: string }).check;
    return kind === "max_length" || kind === "length_equals";
  });
}

/** How an input's strings must be bounded. */
export interface StringRule {
  /**
   * The procedure states its own body limit (`.meta({ bodyLimit })`, documents, bulk writes): a
   * string may then take more than 100 kB, as long as its schema declares a maximum length.
   */
  bodyLimited: boolean;
}

function stringIsUnbounded(leaf: z.ZodType, rule: StringRule): boolean {
  if (acceptedOversizedString(leaf, UNBOUNDED_STRING_LENGTH) === null) return false;
  return !rule.bodyLimited || stringBounds(leaf).maxLength === null;
}

/**
 * Paths of every string that takes 100 kB (or, under a stated body limit, declares no maximum) and
 * every array without a maximum, anywhere in an input schema (each union option and array element included).
 */
export function unboundedInputs(
  schema: z.ZodType,
  rule: StringRule = { bodyLimited: false },
  path: string[] = [],
  ancestors = new Set<z.ZodType>(),
): string[] {
  const { leaf } = unwrap(schema);
  // Ancestors only: a recursive schema stops here, a schema shared by two fields is checked at both.
  if (ancestors.has(leaf) || path.length > 8) return [];
  const within = new Set(ancestors).add(leaf);
  const here = path.length > 0 ? path.join(".") : "(input)";
  if (leaf instanceof z.ZodObject) {
    return Object.entries(leaf.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
      unboundedInputs(field, rule, [...path, key], within),
    );
  }
  if (leaf instanceof z.ZodUnion) {
    return [...new Set((leaf.options as z.ZodType[]).flatMap((option) => unboundedInputs(option, rule, path, within)))];
  }
  if (leaf instanceof z.ZodArray) {
    const element = unboundedInputs(leaf.element as z.ZodType, rule, [...path, "[]"], within);
    return arrayIsBounded(leaf) ? element : [`${here}: an array without a maximum length`, ...element];
  }
  if (leaf instanceof z.ZodRecord) return [`${here}: a record without a bound on its keys`];
  if (leaf.def.type === "string" && stringIsUnbounded(leaf, rule)) {
    return [
      `${here}: a string that takes ${UNBOUNDED_STRING_LENGTH} characters${stringBounds(leaf).format === "regex" ? " (its pattern has no length limit)" : ""}`,
    ];
  }
  return [];
}

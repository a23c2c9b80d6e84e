import { z } from "zod";
import { acceptedOversizedString, dottedPath, inputFields, type InputField } from "./input-fields";
import { baselineInput, sampleValue } from "./input-samples";
import type { CatalogedProcedure, ProcedureType } from "./procedure-catalog";

/** One input the sweep sends to a procedure. */
export interface SweepCase {
  /** What is wrong with it, for the report: `100 kB string in name`. */
  label: string;
  /** Send no input at all. */
  omitted: boolean;
  input: unknown;
  /** Keys added to the serialized input as they are (serializers refuse `__proto__`). */
  rawKeys?: Record<string, unknown>;
  /** Whether the procedure's own schema refuses this input: then only an error answer is right. */
  refused: boolean;
  /** It changes one field of a valid input, rather than the input as a whole. */
  field: boolean;
}

/** At most this many cases per procedure and caller, so the sweep stays fast as procedures are added. */
export const MAX_CASES_PER_PROCEDURE = 12;

/**
 * Sizes of the oversized payloads. A mutation gets 100 kB strings, 1,000 levels of nesting and up
 * to 100,000 array elements, as many as fit in half the 1 MB body limit, so the array reaches the
 * procedure's validation instead of the body limit. A query carries its input in the URL, and Node
 * refuses request heads over 16 KiB before any handler runs, so its payloads are as large as a URL can be.
 */
export function payloadSizes(type: ProcedureType): { stringLength: number; arrayBytes: number; depth: number } {
  return type === "mutation"
    ? { stringLength: 100_000, arrayBytes: 500_000, depth: 1_000 }
    : { stringLength: 12_000, arrayBytes: 8_000, depth: 500 };
}

function nestedObject(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

/** `input` with one field changed; parents it lacks are copied from `template`, the fuller input the field came from. */
function withField(
  input: unknown,
  template: unknown,
  path: readonly (string | number)[],
  change: { value: unknown } | "delete",
): unknown {
  const copy = (typeof input === "object" && input !== null ? structuredClone(input) : {}) as Record<
    string | number,
    unknown
  >;
  let parent = copy;
  let shape = template as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    parent[segment] ??= structuredClone(shape[segment]);
    parent = parent[segment] as Record<string | number, unknown>;
    shape = shape[segment] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (change === "delete") delete parent[last];
  else parent[last] = change.value;
  return copy;
}

function valueAt(baseline: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, segment) => (value as Record<string | number, unknown> | undefined)?.[segment],
    baseline,
  );
}

type MutationKind =
  | "oversized"
  | "nul"
  | "nan"
  | "wrong-enum"
  | "huge-array"
  | "like"
  | "wrong-type"
  | "infinity"
  | "null"
  | "missing"
  | "deep";

// Most revealing first: missing bounds, bytes databases refuse, non-finite numbers.
const MUTATION_ORDER: MutationKind[] = [
  "oversized",
  "nul",
  "nan",
  "wrong-enum",
  "huge-array",
  "like",
  "wrong-type",
  "infinity",
  "null",
  "missing",
  "deep",
];

function mutation(
  kind: MutationKind,
  field: InputField,
  baseline: unknown,
  type: ProcedureType,
): { label: string; change: { value: unknown } | "delete" } | null {
  const where = dottedPath(field.path);
  const current = valueAt(baseline, field.path);
  const text = typeof current === "string" && current.length > 0 ? current : "sweep";
  const leafType = field.leaf.def.type;
  const sizes = payloadSizes(type);
  switch (kind) {
    case "oversized": {
      if (leafType !== "string") return null;
      const value = acceptedOversizedString(field.leaf, sizes.stringLength) ?? "x".repeat(sizes.stringLength);
      return { label: `${Math.round(sizes.stringLength / 1000)} kB string in ${where}`, change: { value } };
    }
    case "nul":
      return leafType === "string"
        ? { label: `NUL byte in ${where}`, change: { value: `${text.slice(0, 1)}\u0000${text.slice(1)}` } }
        : null;
    case "like":
      return leafType === "string"
        ? { label: `LIKE wildcards and a trailing backslash in ${where}`, change: { value: `${text}%_\\` } }
        : null;
    case "nan":
      return leafType === "number" ? { label: `NaN in ${where}`, change: { value: Number.NaN } } : null;
    case "infinity":
      return leafType === "number"
        ? { label: `Infinity in ${where}`, change: { value: Number.POSITIVE_INFINITY } }
        : null;
    case "wrong-enum":
      return leafType === "enum" || leafType === "literal"
        ? { label: `unknown choice in ${where}`, change: { value: "not_a_choice" } }
        : null;
    case "huge-array": {
      if (!(field.leaf instanceof z.ZodArray)) return null;
      const element =
        Array.isArray(current) && current.length > 0 ? current[0] : sampleValue(field.leaf.element as z.ZodType);
      const count = Math.min(
        100_000,
        Math.floor(sizes.arrayBytes / Math.max(JSON.stringify(element ?? null).length + 1, 2)),
      );
      return {
        label: `${count}-element array in ${where}`,
        change: { value: Array.from({ length: count }, () => element) },
      };
    }
    case "wrong-type":
      return { label: `wrong type in ${where}`, change: { value: leafType === "string" ? 12345 : "sweep" } };
    case "null":
      return field.nullable ? null : { label: `null in ${where}`, change: { value: null } };
    case "missing":
      return field.optional || typeof field.path[field.path.length - 1] === "number"
        ? null
        : { label: `${where} left out`, change: "delete" };
    case "deep":
      return { label: `${sizes.depth}-level nested object in ${where}`, change: { value: nestedObject(sizes.depth) } };
  }
}

// LIKE wildcards matter where a field is matched as a pattern.
const PATTERN_FIELD = /search|query|filter|prefix/i;

/** The fields to try a kind on, in turn from `start`; pattern-matched fields first for LIKE wildcards. */
function candidates(kind: MutationKind, fields: InputField[], start: number): InputField[] {
  const rotated = [...fields.slice(start), ...fields.slice(0, start)];
  if (kind !== "like") return rotated;
  const matched = (field: InputField) => PATTERN_FIELD.test(dottedPath(field.path));
  return [...rotated.filter(matched), ...rotated.filter((field) => !matched(field))];
}

/**
 * Field mutations, one kind after another so each kind appears, spread over the fields. Each
 * changes one field of the input with only the required fields filled, so no other optional
 * value (a made-up cursor, say) stops the call before the changed field is used.
 */
function fieldCases(procedure: CatalogedProcedure, schema: z.ZodType, room: number): SweepCase[] {
  const full = baselineInput(schema).value;
  const lean = baselineInput(schema, { requiredOnly: true }).value;
  const fields = inputFields(schema, full);
  const cases: SweepCase[] = [];
  const used = new Set<string>();
  let nextField = 0;
  for (let round = 0; round < 3 && cases.length < room; round += 1) {
    for (const kind of MUTATION_ORDER) {
      if (cases.length >= room) break;
      for (const field of candidates(kind, fields, nextField)) {
        const key = `${kind}@${dottedPath(field.path)}`;
        if (used.has(key)) continue;
        const made = mutation(kind, field, full, procedure.type);
        if (!made) continue;
        used.add(key);
        nextField = (fields.indexOf(field) + 1) % fields.length;
        const input = withField(lean, full, field.path, made.change);
        cases.push({
          label: made.label,
          omitted: false,
          input,
          refused: !schema.safeParse(input).success,
          field: true,
        });
        break;
      }
    }
  }
  return cases;
}

/**
 * Bad inputs for one procedure, derived from its zod input schema where it has one, plus generic
 * junk: nothing, null, a bare string, deep nesting, and unknown fields on a valid input.
 */
export function badInputCases(procedure: CatalogedProcedure): SweepCase[] {
  const schema = procedure.input;
  const refuses = (input: unknown) => (schema ? !schema.safeParse(input).success : false);
  const baseline = schema ? baselineInput(schema, { requiredOnly: true }).value : {};
  const { depth } = payloadSizes(procedure.type);
  const extra =
    typeof baseline === "object" && baseline !== null && !Array.isArray(baseline)
      ? { ...baseline, sweepUnknownField: "sweep" }
      : { sweepUnknownField: "sweep" };
  const generic: SweepCase[] = [
    { label: "no input", omitted: true, input: undefined, refused: refuses(undefined), field: false },
    { label: "null input", omitted: false, input: null, refused: refuses(null), field: false },
    { label: "a bare string as input", omitted: false, input: "sweep", refused: refuses("sweep"), field: false },
    {
      label: `${depth}-level nested object`,
      omitted: false,
      input: nestedObject(depth),
      refused: refuses(nestedObject(depth)),
      field: false,
    },
    {
      label: `${depth}-level nested array`,
      omitted: false,
      input: nestedArray(depth),
      refused: refuses(nestedArray(depth)),
      field: false,
    },
    {
      label: "unknown fields (and __proto__, constructor) beside a valid input",
      omitted: false,
      input: extra,
      // Computed, so `__proto__` is an own key of the object rather than its prototype.
      rawKeys: { ["__proto__"]: { polluted: true }, constructor: { prototype: { polluted: true } } },
      refused: refuses(extra),
      field: false,
    },
  ];
  if (!schema) return generic;
  return [...generic, ...fieldCases(procedure, schema, MAX_CASES_PER_PROCEDURE - generic.length)];
}

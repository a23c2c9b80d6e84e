import type { InvalidField } from "@cauldron/rpc";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import { RE2 } from "re2-wasm";

/** A collection's metadata JSON Schema, compiled; `release` frees the regular expressions it holds. */
export interface CompiledMetadataSchema {
  /** Where `metadata` breaks the schema, each path under ["items", itemIndex, "metadata"]; empty when it fits. */
  issuesOf(metadata: Record<string, unknown>, itemIndex: number): InvalidField[];
  release(): void;
}

/** Why a metadata schema cannot be used, in words for the caller who sent it. */
export class MetadataSchemaError extends Error {
  constructor(problem: string) {
    super(`metadataSchema is not a usable JSON Schema: ${problem}`);
    this.name = "MetadataSchemaError";
  }
}

const OPTIONS = { allErrors: true, strict: false, validateFormats: false } as const;

// Checks schemas against the 2020-12 meta-schema; it never compiles a caller's schema, so it keeps nothing of theirs.
const metaSchemaChecker = new Ajv2020(OPTIONS);

// RE2 runs in time linear in the input: a caller's `pattern` cannot stall the process on
// crafted metadata, as a backtracking regular expression can. Its compiled programs live in
// WebAssembly memory, which no garbage collector frees, so each compiled schema frees its own.
function re2Engine(owned: RE2[]): RegExpEngine {
  const engine = (pattern: string) => {
    const expression = new RE2(pattern, "u");
    owned.push(expression);
    return expression;
  };
  return Object.assign(engine, { code: "RE2" });
}

function free(expressions: RE2[]): void {
  for (const expression of expressions) {
    (expression as unknown as { wrapper: { delete(): void } }).wrapper.delete();
  }
  expressions.length = 0;
}

function pathOf(error: ErrorObject): (string | number)[] {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  const named = params.missingProperty ?? params.additionalProperty;
  return typeof named === "string" ? [...segments, named] : segments;
}

function issuesFrom(validate: ValidateFunction, metadata: Record<string, unknown>, itemIndex: number): InvalidField[] {
  if (validate(metadata)) return [];
  return (validate.errors ?? []).map((error) => ({
    path: ["items", itemIndex, "metadata", ...pathOf(error)],
    message: `metadata${error.instancePath} ${error.message ?? "does not match the collection's metadata schema"}`,
  }));
}

const ACCEPTS_ANYTHING: CompiledMetadataSchema = { issuesOf: () => [], release: () => {} };

/**
 * Compiles a JSON Schema (draft 2020-12) for item metadata, or throws MetadataSchemaError naming
 * what is wrong with it. `{}` accepts any metadata and compiles to nothing.
 */
export function compileMetadataSchema(schema: Record<string, unknown>): CompiledMetadataSchema {
  if (Object.keys(schema).length === 0) return ACCEPTS_ANYTHING;
  if (!metaSchemaChecker.validateSchema(schema)) {
    throw new MetadataSchemaError(
      metaSchemaChecker.errorsText(metaSchemaChecker.errors, { dataVar: "metadataSchema" }),
    );
  }
  const owned: RE2[] = [];
  try {
    const validate = new Ajv2020({ ...OPTIONS, validateSchema: false, code: { regExp: re2Engine(owned) } }).compile(
      schema,
    );
    return { issuesOf: (metadata, itemIndex) => issuesFrom(validate, metadata, itemIndex), release: () => free(owned) };
  } catch (error) {
    free(owned);
    throw new MetadataSchemaError(error instanceof Error ? error.message : String(error));
  }
}

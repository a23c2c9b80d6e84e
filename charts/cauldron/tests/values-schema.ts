import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { CHART_DIR } from "./chart-render";

interface SchemaViolation {
  /** ajv 8 reports instancePath ("/a/b"), ajv 6 dataPath (".a.b"). */
  instancePath?: string;
  dataPath?: string;
  message?: string;
  params?: object;
}

const schema = JSON.parse(readFileSync(path.join(CHART_DIR, "values.schema.json"), "utf8")) as object;
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

/** Checks coalesced values against values.schema.json as `helm install` does; returns the violations, empty when valid. */
export function schemaViolations(values: unknown): string[] {
  if (validate(values)) return [];
  const errors: SchemaViolation[] = validate.errors ?? [];
  return errors.map((error) => {
    const where = error.instancePath ?? error.dataPath ?? "";
    const params: Record<string, unknown> = { ...error.params };
    const named = params.propertyName ?? params.additionalProperty;
    return `${where || "(root)"} ${error.message ?? "is invalid"}${named === undefined ? "" : ` (${String(named)})`}`;
  });
}

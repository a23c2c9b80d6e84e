import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { type IntrospectedColumn, introspectColumns } from "./introspect";

/*
 * Type mapping decisions:
 * - int2/int4/int8/float/numeric → number: @cauldron/db installs parsers that return numbers
 *   (and refuse int8 values beyond Number.MAX_SAFE_INTEGER rather than round them).
 * - date and interval → string: kept in Postgres's text form by the same parsers.
 * - vector/halfvec/sparsevec → string: pgvector's text form "[1,2,3]", both read and written;
 *   toVectorLiteral()/parseVectorLiteral() from @cauldron/db convert.
 * - geometry/geography → string (hex EWKB as read; write WKT/EWKT or use ST_ functions).
 * - json/jsonb: reads give a JsonValue; writes take a plain object or JSON text (JsonInput),
 *   because pg would send a JS array as a Postgres array literal.
 */
const SCALARS: Record<string, string> = {
  bool: "boolean",
  bytea: "Buffer",
  date: "string",
  float4: "number",
  float8: "number",
  int2: "number",
  int4: "number",
  int8: "number",
  interval: "string",
  json: "JsonValue",
  jsonb: "JsonValue",
  numeric: "number",
  oid: "number",
  timestamp: "Date",
  timestamptz: "Date",
};
const STRINGS = new Set([
  "bpchar",
  "char",
  "cidr",
  "citext",
  "geography",
  "geometry",
  "halfvec",
  "inet",
  "macaddr",
  "name",
  "sparsevec",
  "text",
  "time",
  "timetz",
  "tsquery",
  "tsvector",
  "uuid",
  "varchar",
  "vector",
  "xml",
]);

const HEADER = `/*
 * Generated from the migrated database by \`npm run db:types\` (tools/db-types/generate.ts).
 * Do not edit: change a migration and regenerate. A test fails when this file drifts.
 */
import type { ColumnType, Generated, GeneratedAlways } from "kysely";

export type JsonPrimitive = boolean | number | string | null;
export type JsonArray = JsonValue[];
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
/** Writing json/jsonb: a plain object, or JSON text (JSON.stringify) for arrays and scalars. */
export type JsonInput = JsonObject | string;
export type Json = ColumnType<JsonValue, JsonInput, JsonInput>;
`;

/** Renders the Kysely \`Database\` interface for every application table of a migrated database. */
export async function renderDatabaseTypes<DB>(db: Kysely<DB>): Promise<string> {
  const columns = await introspectColumns(db);
  const tables = new Map<string, IntrospectedColumn[]>();
  for (const column of columns) {
    const key = column.schema === "public" ? column.table : `${column.schema}.${column.table}`;
    tables.set(key, [...(tables.get(key) ?? []), column]);
  }
  const keys = [...tables.keys()].sort(byCodePoint);
  const interfaces = new Map<string, string>();
  for (const key of keys) {
    const name = interfaceName(key);
    if (interfaces.has(name)) throw new Error(`Tables ${interfaces.get(name)} and ${key} both map to ${name}`);
    interfaces.set(name, key);
  }

  const blocks = keys.map((key) => {
    const lines = (tables.get(key) ?? [])
      .sort((a, b) => byCodePoint(a.column, b.column))
      .map((column) => `  ${propertyName(column.column)}: ${columnType(column)};`);
    return `export interface ${interfaceName(key)} {\n${lines.join("\n")}\n}\n`;
  });
  const database = keys.map((key) => `  ${propertyName(key)}: ${interfaceName(key)};`).join("\n");
  return `${HEADER}\n${blocks.join("\n")}\nexport interface Database {\n${database}\n}\n`;
}

function columnType(column: IntrospectedColumn): string {
  const json = (column.typeName === "json" || column.typeName === "jsonb") && !column.isArray;
  let type = column.enumLabels
    ? column.enumLabels.map((label) => JSON.stringify(label)).join(" | ")
    : (SCALARS[column.typeName] ?? (STRINGS.has(column.typeName) ? "string" : "unknown"));
  if (column.isArray) type = type.includes(" ") ? `(${type})[]` : `${type}[]`;
  const nullable = column.notNull ? "" : " | null";
  const generatedAlways = column.identity === "a" || column.generated === "s";
  const defaulted = column.hasDefault || column.identity === "d";
  if (json) {
    if (generatedAlways) return `GeneratedAlways<JsonValue${nullable}>`;
    if (!defaulted && !nullable) return "Json";
    const write = `JsonInput${nullable}`;
    return `ColumnType<JsonValue${nullable}, ${write}${defaulted ? " | undefined" : ""}, ${write}>`;
  }
  if (generatedAlways) return `GeneratedAlways<${type}${nullable}>`;
  if (defaulted) return `Generated<${type}${nullable}>`;
  return `${type}${nullable}`;
}

function interfaceName(key: string): string {
  return key
    .split(/[._]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where the generated Database interface lives in @cauldron/db. */
export const GENERATED_TYPES_PATH = fileURLToPath(
  new URL("../../libs/platform/db/src/schema/database.generated.ts", import.meta.url),
);

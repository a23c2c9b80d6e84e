import type { MetadataCondition, MetadataFilter } from "@cauldron/contracts";
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { containmentDocument, metadataJsonPath } from "./metadata-path";

type Scalar = string | number | boolean | null;
type RangeOperator = "gt" | "gte" | "lt" | "lte";

const RANGE_OPERATORS: readonly RangeOperator[] = ["gt", "gte", "lt", "lte"];

/**
 * The SQL condition a metadata filter stands for, over a jsonb column such as `sql.ref("e.metadata")`.
 * Equality is containment (`metadata @> '{"a":{"b":1}}'`) so the jsonb_path_ops GIN index can answer it;
 * every value and path is a bound parameter. Each condition is true or false, never NULL, so `not`
 * keeps rows a condition does not hold for (a missing key included).
 */
export function metadataFilterCondition(filter: MetadataFilter, metadata: Expression<unknown>): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === "and")
      parts.push(all((value as MetadataFilter[]).map((inner) => metadataFilterCondition(inner, metadata))));
    else if (key === "or")
      parts.push(any((value as MetadataFilter[]).map((inner) => metadataFilterCondition(inner, metadata))));
    else if (key === "not") parts.push(sql<SqlBool>`not ${metadataFilterCondition(value as MetadataFilter, metadata)}`);
    else if (isCondition(value)) parts.push(keyCondition(key, value, metadata));
    else parts.push(equals(key, value as Scalar, metadata));
  }
  return all(parts);
}

function isCondition(value: unknown): value is MetadataCondition {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function all(parts: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  if (parts.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function any(parts: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function keyCondition(key: string, condition: MetadataCondition, metadata: Expression<unknown>): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (condition.eq !== undefined) parts.push(equals(key, condition.eq, metadata));
  if (condition.ne !== undefined) parts.push(sql<SqlBool>`not ${equals(key, condition.ne, metadata)}`);
  if (condition.in !== undefined) {
    const documents = condition.in.filter(isStorable).map((value) => containmentDocument(key, value));
    parts.push(
      documents.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${metadata} @> any(${documents}::jsonb[]))`,
    );
  }
  if (condition.containsAny !== undefined) parts.push(containsAny(key, condition.containsAny, metadata));
  for (const operator of RANGE_OPERATORS) {
    const bound = condition[operator];
    if (bound !== undefined) parts.push(compares(key, operator, bound, metadata));
  }
  if (condition.exists !== undefined) {
    const found = sql<SqlBool>`(${valueAt(key, metadata)} is not null)`;
    parts.push(condition.exists ? found : sql<SqlBool>`not ${found}`);
  }
  return all(parts);
}

// jsonb cannot hold U+0000, so no stored value equals text containing it (and binding it would fail).
function isStorable(value: Scalar): boolean {
  return typeof value !== "string" || !value.includes("\u0000");
}

function equals(key: string, value: Scalar, metadata: Expression<unknown>): RawBuilder<SqlBool> {
  if (!isStorable(value)) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${metadata} @> ${containmentDocument(key, value)}::jsonb)`;
}

// One containment per value, or'ed, rather than `@> any(array)`: a GIN index serves each `@>`
// (a bitmap or) but never an `any` over an array of documents.
function containsAny(key: string, values: readonly string[], metadata: Expression<unknown>): RawBuilder<SqlBool> {
  return any(
    values
      .filter(isStorable)
      .map((value) => sql<SqlBool>`(${metadata} @> ${containmentDocument(key, [value])}::jsonb)`),
  );
}

// The silent flag turns "no such key" and "not an object" into NULL instead of an error.
function valueAt(key: string, metadata: Expression<unknown>): RawBuilder<unknown> {
  return sql`jsonb_path_query_first(${metadata}, ${metadataJsonPath(key)}::jsonpath, '{}'::jsonb, true)`;
}

// Numbers compare with JSON numbers only, strings with JSON strings only, code point by code point
// (collate "C"), so ISO dates order by time whatever the database's collation.
function compares(
  key: string,
  operator: RangeOperator,
  bound: number | string,
  metadata: Expression<unknown>,
): RawBuilder<SqlBool> {
  const value = valueAt(key, metadata);
  const holds =
    typeof bound === "number"
      ? sql`jsonb_typeof(${value}) = 'number' and ${ordered(value, operator, sql`${JSON.stringify(bound)}::jsonb`)}`
      : sql`jsonb_typeof(${value}) = 'string' and ${ordered(sql`(${value} #>> '{}') collate "C"`, operator, sql`${bound}::text`)}`;
  return sql<SqlBool>`coalesce(${holds}, false)`;
}

function ordered(left: RawBuilder<unknown>, operator: RangeOperator, right: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (operator) {
    case "gt":
      return sql`${left} > ${right}`;
    case "gte":
      return sql`${left} >= ${right}`;
    case "lt":
      return sql`${left} < ${right}`;
    case "lte":
      return sql`${left} <= ${right}`;
  }
}

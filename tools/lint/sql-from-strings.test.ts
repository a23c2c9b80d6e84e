import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Each line builds SQL from a string the way an injection would need; the last two are fine.
const SOURCE = `import { sql, CompiledQuery } from "kysely";
declare const pool: { query(text: string, values?: unknown[]): Promise<unknown> };
declare const input: string;
export const raw = sql\`select \${sql.raw(input)}\`;
export const lit = sql\`select \${sql.lit(input)}\`;
export const ref = sql\`select \${sql.ref(input)}\`;
export const table = sql\`select * from \${sql.table(input)}\`;
export const compiled = CompiledQuery.raw(input);
export const interpolated = pool.query(\`select \${input}\`);
export const concatenated = pool.query("select " + input);
export const bound = pool.query("select $1", [input]);
export const named = sql\`select \${sql.ref("users.email")} from users where id = \${input}\`;
`;

async function flaggedLines(filePath: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(SOURCE, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "no-restricted-syntax")
    .map((message) => message.line);
}

describe("lint: no SQL built from strings", () => {
  it("flags every string-built query in service code and nothing bound or literal", async () => {
    expect(await flaggedLines("libs/services/org/src/example-queries.ts")).toEqual([4, 5, 6, 7, 8, 9, 10]);
  }, 60_000);

  it("leaves migrations, which name tables and columns in DDL, to review", async () => {
    expect(await flaggedLines("libs/platform/db/src/migrations/0099_example/example.ts")).toEqual([]);
  }, 60_000);
});

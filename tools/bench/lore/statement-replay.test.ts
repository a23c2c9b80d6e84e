import type { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { tenantTransaction } from "./statement-replay";

const statement = (sql: string) => ({ sql, parameters: [] }) as unknown as CompiledQuery;

describe("tenantTransaction", () => {
  it("keeps the statements from the last tenant settings on", () => {
    const access = statement("select app.organization_access($1)");
    const settings = statement(
      "/* unanswered */ select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)",
    );
    const search = statement("with matching as (select 1) select 1");
    expect(tenantTransaction([access, settings, search])).toEqual([settings, search]);
  });

  it("fails when no tenant transaction was recorded", () => {
    expect(() => tenantTransaction([statement("select 1")])).toThrow(/no tenant transaction/);
  });
});

import { withTenant } from "@cauldron/db";
import { createTestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import type { BenchFigure } from "../bench-report";
import { measureLatencyInTurns } from "../measure-latency";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

/**
 * What the tenant transaction (begin, the tenant settings, commit) adds to one statement: the same
 * one-row read of an organization, through withTenant as the services' role, and sent alone by
 * the owner (as cauldron_system, so no transaction and no RLS).
 */
export async function benchTenantTransaction(seconds: number): Promise<BenchFigure[]> {
  progress("cloning a database from the migrated template");
  const database = await createTestDatabase();
  try {
    const user = await database.ownerDb
      .insertInto("users")
      .values({ email: "bench-tenant@bench.test", display_name: "Bench Tenant" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const organization = await database.ownerDb
      .insertInto("organizations")
      .values({ name: "Bench Tenant Org", slug: "bench-tenant-org", created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.ownerDb
      .insertInto("organization_users")
      .values({ organization_id: organization.id, user_id: user.id, role: "owner" })
      .execute();
    const read = sql<{
      id: string;
      name: string;
    }>`select id, name from public.organizations where id = ${organization.id}`;
    const tenant = { userId: user.id, organizationId: organization.id };
    const inTenant = async () => (await withTenant(database.db, tenant, (trx) => read.execute(trx))).rows;
    const asOwner = async () => (await read.execute(database.ownerDb)).rows;
    if ((await inTenant()).length !== 1 || (await asOwner()).length !== 1) {
      throw new Error("the tenant and the owner must both see the organization");
    }
    progress(`one read in a tenant transaction and the same read as the owner, in turns (${seconds} s each)`);
    const { ours, baseline } = await measureLatencyInTurns(
      seconds,
      { ours: inTenant, baseline: asOwner },
      { warmupCalls: 200 },
    );
    progress(`${ours.calls} tenant transactions and ${baseline.calls} owner reads timed`);
    return [
      {
        name: "tenant transaction around one read, median",
        unit: "ms",
        ours: ours.p50Ms,
        baseline: baseline.p50Ms,
        baselineName: "the same read as the owner, alone",
        higherIsBetter: false,
        compare: "difference",
        target: 0.3,
      },
    ];
  } finally {
    await database.destroy();
  }
}

import { createOrgService, type OrgRouter } from "@cauldron/service-org";
// The bench needs what tests need: a throwaway database cloned from the migrated template, and a
// signer whose tokens the in-process service accepts.
import { createTestDatabase, startTestService, type TestService } from "@cauldron/testing";
import { sql } from "kysely";
import pg from "pg";
import { runAsTableOwner } from "../as-table-owner";
import type { BenchFigure } from "../bench-report";
import { measureLatencyInTurns } from "../measure-latency";

const MEMBERS = 10_000;
const PAGE = 50;
const DEEP_OFFSET = 9_000;
const WALK_RUNS = 3;

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

interface MemberKey {
  userId: string;
}

interface SortKey {
  at: string;
  id: string;
}

function sameMembers(label: string, ours: MemberKey[], baseline: MemberKey[]): void {
  const a = ours.map((member) => member.userId).join(",");
  const b = baseline.map((member) => member.userId).join(",");
  if (a !== b || ours.length !== PAGE)
    throw new Error(`${label}: the service and the SQL baseline returned different rows`);
}

/**
 * org.members.list on an organization of 10,000 members, first page and a deep page (row 9,001
 * on, reached by cursor), and a walk through every page, each against the same keyset query
 * written by hand and sent through a bare pg pool as the services' role in a tenant transaction,
 * as the service sends it (RLS, but no HTTP, no auth). One more figure splits off what RLS and
 * the transaction cost: the same SQL as cauldron_system, which bypasses RLS.
 */
export async function benchOrgMembersList(seconds: number): Promise<BenchFigure[]> {
  progress("cloning a database from the migrated template");
  const database = await createTestDatabase();
  const tenantPool = new pg.Pool({ connectionString: database.appUrl, max: 2 });
  // Tables force RLS on their owner too; without RLS means as cauldron_system.
  const systemUrl = new URL(database.ownerUrl);
  systemUrl.searchParams.set("options", "-c role=cauldron_system");
  const systemPool = new pg.Pool({ connectionString: systemUrl.toString(), max: 2 });
  let service: TestService<OrgRouter> | null = null;
  try {
    progress(`seeding an organization with ${MEMBERS.toLocaleString("en-US")} members (generate_series)`);
    const seeded = performance.now();
    const { organizationId, ownerId } = await seedOrganization(database.ownerDb, database.ownerUrl);
    progress(`seeded in ${Math.round(performance.now() - seeded)} ms`);

    service = await startTestService(createOrgService(), { db: database.db });
    const token = await service.signer.issueAccessToken({ userId: ownerId });
    const client = service.client({ token, organizationId });

    // The key travels as text: a JS Date would drop the microseconds and repeat rows.
    const pageSql = `select ou.id, ou.user_id, ou.role, ou.invited_by, ou.created_at, ou.created_at::text as joined_key,
              u.email, u.display_name
       from public.organization_users ou join public.users u on u.id = ou.user_id
       where ou.organization_id = $1 and ($2::timestamptz is null or (ou.created_at, ou.id) > ($2, $3::uuid))
       order by ou.created_at, ou.id limit ${PAGE + 1}`;
    type PageRow = { id: string; user_id: string; joined_key: string };
    const pageParameters = (after: SortKey | null) => [organizationId, after?.at ?? null, after?.id ?? null];
    // The same query as the service's database role sends it: in a transaction confined by RLS.
    const baselinePage = async (after: SortKey | null) => {
      const connection = await tenantPool.connect();
      try {
        await connection.query("begin");
        await connection.query("select set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [
          ownerId,
          organizationId,
        ]);
        const { rows } = await connection.query<PageRow>(pageSql, pageParameters(after));
        await connection.query("commit");
        return rows;
      } finally {
        connection.release();
      }
    };
    const unconfinedPage = async () => (await systemPool.query<PageRow>(pageSql, pageParameters(null))).rows;

    progress(`walking the service's cursor to row ${DEEP_OFFSET.toLocaleString("en-US")}`);
    let deepCursor: string | undefined;
    for (let offset = 0; offset < DEEP_OFFSET; offset += PAGE) {
      deepCursor = (await client.org.members.list.query({ limit: PAGE, cursor: deepCursor })).nextCursor ?? undefined;
    }
    const { rows: deepKeyRows } = await systemPool.query<{ joined_key: string; id: string }>(
      `select created_at::text as joined_key, id from public.organization_users where organization_id = $1
       order by created_at, id offset ${DEEP_OFFSET - 1} limit 1`,
      [organizationId],
    );
    const deepKey = { at: deepKeyRows[0]!.joined_key, id: deepKeyRows[0]!.id };

    const toKeys = (rows: { user_id: string }[]) => rows.slice(0, PAGE).map((row) => ({ userId: row.user_id }));
    sameMembers(
      "first page",
      (await client.org.members.list.query({ limit: PAGE })).items,
      toKeys(await baselinePage(null)),
    );
    sameMembers(
      "deep page",
      (await client.org.members.list.query({ limit: PAGE, cursor: deepCursor })).items,
      toKeys(await baselinePage(deepKey)),
    );

    progress(`first and deep pages, service and SQL, a public call and the access check: in turns, ${seconds} s each`);
    const timed = await measureLatencyInTurns(
      seconds,
      {
        firstOurs: () => client.org.members.list.query({ limit: PAGE }),
        firstBaseline: () => baselinePage(null),
        // The same SQL as cauldron_system, without RLS or a transaction.
        firstUnconfined: unconfinedPage,
        // What every call pays: a public call through the same client, the access check alone.
        trivialCall: () => client.org.info.query(),
        accessCheck: () =>
          tenantPool.query(
            "select * from app.organization_access((select $1::uuid from set_config('app.user_id', $2, false)))",
            [organizationId, ownerId],
          ),
        deepOurs: () => client.org.members.list.query({ limit: PAGE, cursor: deepCursor }),
        deepBaseline: () => baselinePage(deepKey),
      },
      { warmupCalls: 200 },
    );
    const { firstOurs, firstBaseline, firstUnconfined, trivialCall, accessCheck, deepOurs, deepBaseline } = timed;

    progress(`walking all ${MEMBERS / PAGE} pages, ${WALK_RUNS} times each side`);
    const walkOurs = await medianWalk(async () => {
      let cursor: string | undefined;
      do cursor = (await client.org.members.list.query({ limit: PAGE, cursor })).nextCursor ?? undefined;
      while (cursor);
    });
    const walkBaseline = await medianWalk(async () => {
      let after: SortKey | null = null;
      for (;;) {
        const rows = await baselinePage(after);
        const last = rows[PAGE - 1];
        if (rows.length <= PAGE || !last) break;
        after = { at: last.joined_key, id: last.id };
      }
    });
    progress(
      `${firstOurs.calls + deepOurs.calls} service calls and ${firstBaseline.calls + deepBaseline.calls} SQL queries timed`,
    );

    const baselineName = "same keyset SQL via pg (app role, tenant transaction)";
    const figure = (name: string, ours: number, baseline: number, target?: number): BenchFigure => ({
      name,
      unit: "ms",
      ours,
      baseline,
      baselineName,
      higherIsBetter: false,
      ...(target !== undefined ? { target } : {}),
    });
    return [
      figure(`org.members.list first page (${PAGE} of 10k), median`, firstOurs.p50Ms, firstBaseline.p50Ms, 2),
      figure(`org.members.list deep page (row 9,001+ by cursor), median`, deepOurs.p50Ms, deepBaseline.p50Ms),
      figure(`org.members.list walk of all ${MEMBERS / PAGE} pages, median`, walkOurs, walkBaseline),
      // What RLS and the tenant transaction cost by themselves, against the same SQL without either.
      {
        name: "  of which: RLS and the tenant transaction, first page",
        unit: "ms",
        ours: firstBaseline.p50Ms,
        baseline: firstUnconfined.p50Ms,
        baselineName: "same SQL via pg (cauldron_system, no RLS)",
        higherIsBetter: false,
      },
      // The rest of the first page's time: what any call through the typed client pays, and the
      // organization access look-up, which members.list sends in its own transaction ahead of the
      // page query (read-admission.ts), so it adds its execution but no round trip.
      {
        name: "  of which: a public call's round trip (org.info), median",
        unit: "ms",
        ours: trivialCall.p50Ms,
        baseline: firstOurs.p50Ms,
        baselineName: "the service's first page, whole",
        higherIsBetter: false,
      },
      {
        name: "  of which: the organization access look-up, alone, median",
        unit: "ms",
        ours: accessCheck.p50Ms,
        baseline: firstOurs.p50Ms,
        baselineName: "the service's first page, whole",
        higherIsBetter: false,
      },
    ];
  } finally {
    await service?.close();
    await Promise.all([tenantPool.end(), systemPool.end()]);
    await database.destroy();
  }
}

async function medianWalk(walk: () => Promise<void>): Promise<number> {
  const runs: number[] = [];
  for (let run = 0; run < WALK_RUNS; run += 1) {
    const started = performance.now();
    await walk();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? Number.NaN;
}

type OwnerDb = Awaited<ReturnType<typeof createTestDatabase>>["ownerDb"];

async function seedOrganization(
  ownerDb: OwnerDb,
  ownerUrl: string,
): Promise<{ organizationId: string; ownerId: string }> {
  const owner = await ownerDb
    .insertInto("users")
    .values({ email: "bench-owner@bench.test", display_name: "Bench Owner" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const organization = await ownerDb
    .insertInto("organizations")
    .values({ name: "Bench Org", slug: "bench-org", created_by: owner.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await ownerDb
    .insertInto("organization_users")
    .values({
      organization_id: organization.id,
      user_id: owner.id,
      role: "owner",
      created_at: new Date(Date.now() - 86_400_000),
    })
    .execute();
  // Members join one second apart, in email order; every tenth is a viewer.
  await sql`
    with joined as (
      insert into public.users (email, display_name)
      select format('member-%s@bench.test', lpad(n::text, 5, '0')), format('Bench Member %s', n)
      from generate_series(1, ${MEMBERS - 1}) as n
      returning id, email
    )
    insert into public.organization_users (organization_id, user_id, role, created_at)
    select ${organization.id}::uuid, joined.id,
           case when row_number() over (order by joined.email) % 10 = 0 then 'viewer' else 'member' end,
           now() - interval '1 day' + row_number() over (order by joined.email) * interval '1 second'
    from joined
  `.execute(ownerDb);
  await runAsTableOwner(ownerUrl, ["analyze public.users, public.organization_users"]);
  return { organizationId: organization.id, ownerId: owner.id };
}

import { createAuthClient } from "@cauldron/client-auth";
import { ARGON2_PARAMETERS } from "@cauldron/service-auth";
import { createTestDatabase } from "@cauldron/testing";
import { hash, verify } from "@node-rs/argon2";
import type { BenchFigure } from "../bench-report";
import { measureLatencyInTurns } from "../measure-latency";
import { measureThroughput, measureThroughputInTurns } from "../measure-throughput";
import { spawnBenchServer } from "../spawn-bench-server";

const progress = (text: string) => process.stdout.write(`        ${text}\n`);

/**
 * auth.me requests/s with access-token verification (signature, claims, revocation check) against
 * the same SQL statement behind a bare express + pg route; and sign-in latency against a bare
 * argon2id verification with the same parameters. Each pair is measured in alternating turns, so
 * load that comes and goes on a shared machine weighs on both sides alike.
 */
export async function benchAuth(seconds: number): Promise<BenchFigure[]> {
  progress("cloning a database from the migrated template");
  const database = await createTestDatabase();
  process.env.AUTH_BENCH_DATABASE_URL = database.appUrl;
  const server = await spawnBenchServer<{ authUrl: string; bareMeUrl: string }>(
    "tools/bench/servers/auth-me-and-bare-express.ts",
  );
  delete process.env.AUTH_BENCH_DATABASE_URL;
  try {
    const client = createAuthClient({ url: server.urls.authUrl });
    const email = "bench-user@bench.test";
    const password = "a bench passphrase of decent length";
    const signedUp = await client.auth.signUp.mutate({ email, password, displayName: "Bench User" });
    if (signedUp.status !== "signed_in") throw new Error("the bench server must run with email confirmation optional");
    const { session } = signedUp;
    const userId = session.user.id;
    // A realistic caller: a member of two organizations, one with an extra assigned role.
    const organizations = await database.ownerDb
      .insertInto("organizations")
      .values([
        { name: "Bench One", slug: "bench-one", created_by: userId },
        { name: "Bench Two", slug: "bench-two", created_by: userId },
      ])
      .returning("id")
      .execute();
    await database.ownerDb
      .insertInto("organization_users")
      .values(
        organizations.map((organization, index) => ({
          organization_id: organization.id,
          user_id: userId,
          role: index === 0 ? "owner" : "viewer",
        })),
      )
      .execute();

    const meUrl = `${server.urls.authUrl}/trpc/auth.me`;
    const bareUrl = `${server.urls.bareMeUrl}?userId=${userId}`;
    const headers = { authorization: `Bearer ${session.accessToken}` };
    const me = await createAuthClient({ url: server.urls.authUrl, token: session.accessToken }).auth.me.query();
    const bareMe = (await (await fetch(bareUrl)).json()) as { organizations: { permissions: string[] }[] };
    const permissionsOf = (organizations: { permissions: string[] }[]) =>
      JSON.stringify(organizations.map((o) => o.permissions));
    if (permissionsOf(me.organizations) !== permissionsOf(bareMe.organizations)) {
      throw new Error("auth.me and the bare route disagree about the permissions");
    }

    progress(`auth.me with a verified access token and the bare route, in turns (${seconds} s each)`);
    await measureThroughput(meUrl, { seconds: 1, headers });
    await measureThroughput(bareUrl, { seconds: 1 });
    // The bare route ignores the authorization header; both sides send the same request bytes.
    const { me: ours, bare: baseline } = await measureThroughputInTurns(
      { me: meUrl, bare: bareUrl },
      { seconds, headers },
    );
    if (ours.errors > 0 || baseline.errors > 0) {
      throw new Error(`requests failed during the run (auth.me ${ours.errors}, bare ${baseline.errors})`);
    }

    const parameters = `m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}`;
    progress(
      `auth.signIn one after another, bare argon2id verify ${parameters} and auth.info, in turns (${seconds} s each)`,
    );
    const stored = await hash(password, ARGON2_PARAMETERS);
    // Few warm-up calls: each sign-in costs a full argon2id hash.
    const timed = await measureLatencyInTurns(
      seconds,
      {
        signIn: () => client.auth.signIn.mutate({ email, password }),
        argon2: () => verify(stored, password),
        info: () => client.auth.info.query(),
      },
      { warmupCalls: 5 },
    );
    const { signIn, argon2, info } = timed;
    progress(`${signIn.calls} sign-ins and ${argon2.calls} argon2id verifications timed`);
    progress(
      `sign-in p50 ${signIn.p50Ms.toFixed(1)} ms = argon2id ${argon2.p50Ms.toFixed(1)} ms + ${(signIn.p50Ms - argon2.p50Ms).toFixed(1)} ms of everything else; ` +
        `a public query's round trip (auth.info) alone takes ${info.p50Ms.toFixed(1)} ms`,
    );

    const argon2Baseline = `argon2id verify alone (${parameters})`;
    return [
      {
        name: "auth.me with JWT verification",
        unit: "req/s",
        ours: ours.requestsPerSecond,
        baseline: baseline.requestsPerSecond,
        baselineName: "same SQL via bare express + pg route",
        higherIsBetter: true,
        target: 0.7,
      },
      {
        name: "  auth.me machine time per request beyond the bare route",
        unit: "ms",
        ours: 1000 / ours.requestsPerSecond,
        baseline: 1000 / baseline.requestsPerSecond,
        baselineName: "inverse throughput of the bare route, 32 connections",
        higherIsBetter: false,
        compare: "difference",
      },
      {
        name: "auth.me p99 latency",
        unit: "ms",
        ours: ours.latencyP99Ms,
        baseline: baseline.latencyP99Ms,
        baselineName: "same SQL via bare express + pg route",
        higherIsBetter: false,
      },
      {
        name: "auth.signIn latency p50",
        unit: "ms",
        ours: signIn.p50Ms,
        baseline: argon2.p50Ms,
        baselineName: argon2Baseline,
        higherIsBetter: false,
        target: 1.5,
      },
      {
        name: "  auth.signIn p50 beyond argon2id",
        unit: "ms",
        ours: signIn.p50Ms,
        baseline: argon2.p50Ms,
        baselineName: argon2Baseline,
        higherIsBetter: false,
        compare: "difference",
      },
      {
        name: "auth.signIn latency p99",
        unit: "ms",
        ours: signIn.p99Ms,
        baseline: argon2.p99Ms,
        baselineName: argon2Baseline,
        higherIsBetter: false,
      },
    ];
  } finally {
    await server.stop();
    await database.destroy();
  }
}

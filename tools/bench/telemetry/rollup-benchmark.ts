import { withTenant } from "@cauldron/db";
import { startTelemetryTestKit, type TelemetryTestKit } from "@cauldron/service-telemetry/testing";
import { createTestPeople, type TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { queryMetrics, type MetricsReader } from "../../../libs/services/telemetry/src/metrics/query-metrics";
import type { BenchFigure } from "../bench-report";
import { countLabel, progress } from "./ingest-settings";
import { buildRollups, checkRollupTotals } from "./rollup-build";
import { rollupFigures, type RollupResults } from "./rollup-figures";
import { rollupLayout, type RollupLayout } from "./rollup-layout";
import { checkedQueries, checkSameAnswers, timedQueries, timeQueries, type AnswerQuery } from "./rollup-queries";
import { runAsTableOwner } from "../as-table-owner";
import { markAllMinutesPending, seedRawPoints } from "./rollup-seed";
import { rollupBenchSettings, type RollupBenchSettings } from "./rollup-settings";

// What autovacuum leaves some time after a load: statistics, and visibility maps for index-only scans.
const SETTLE = [
  "business_metrics",
  "metric_rollups_1m",
  "metric_rollups_1h",
  "metric_rollups_1d",
  "rollup_pending",
].map((table) => `vacuum analyze timeseries.${table}`);

async function createOrganization(kit: TelemetryTestKit): Promise<TestOrganization> {
  // A token that outlives the load and the build; the signer's default of five minutes does not.
  const people = createTestPeople(kit.database, {
    issueAccessToken: (claims) => kit.service.signer.issueAccessToken({ ...claims, expiresInSeconds: 7_200 }),
  });
  return people.createOrganization("rollups");
}

async function loadAndRollUp(
  kit: TelemetryTestKit,
  organization: TestOrganization,
  layout: RollupLayout,
  batch: number,
) {
  const systemDb = kit.database.ownerDb;
  const loadSeconds = await seedRawPoints(systemDb, organization.id, layout);
  const minutes = await markAllMinutesPending(systemDb, organization.id);
  await runAsTableOwner(kit.database.ownerUrl, SETTLE);
  progress(
    `${countLabel(minutes)} minutes pending; rolling them up as the job does, ${countLabel(batch)} per transaction`,
  );
  const build = await buildRollups(kit.database.db, systemDb, organization.id, batch);
  const { batches, hours, days } = build.done;
  progress(
    `rolled up in ${build.seconds.toFixed(1)} s: ${countLabel(batches)} transactions, ${countLabel(hours)} hour and ${countLabel(days)} day buckets recomputed`,
  );
  await checkRollupTotals(systemDb, organization.id, layout.rows);
  await runAsTableOwner(kit.database.ownerUrl, SETTLE);
  return { loadSeconds, buildSeconds: build.seconds };
}

async function measure(
  kit: TelemetryTestKit,
  layout: RollupLayout,
  settings: RollupBenchSettings,
): Promise<RollupResults> {
  const organization = await createOrganization(kit);
  const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(kit.database.db);
  const partitioning = rows[0]?.mode ?? "unknown";
  progress(`loading ${countLabel(layout.rows)} raw rows server-side (${partitioning} partitioning)`);
  const built = await loadAndRollUp(kit, organization, layout, settings.BENCH_ROLLUP_BATCH);

  const db = kit.database.db;
  const tenant = { userId: organization.owner.id, organizationId: organization.id };
  const reader: MetricsReader = { db, organizationId: organization.id, tenant: (work) => withTenant(db, tenant, work) };
  const client = kit.ownerOf(organization).telemetry.metrics;
  const ours: AnswerQuery = (input) => client.query.query(input);
  const raw: AnswerQuery = (input) => queryMetrics(reader, input, "raw");
  const timed = timedQueries(layout);
  const checked = checkedQueries(layout);
  progress(
    `checking ${timed.length + checked.length} span queries give the same answer from rollups and from raw rows`,
  );
  const answers = await checkSameAnswers([...timed, ...checked], ours, raw);
  const counted = answers[timed.length]!.series.flatMap((series) => series.points).reduce(
    (sum, point) => sum + (point.value ?? 0),
    0,
  );
  if (counted !== layout.pointsPerSeries * layout.series) {
    throw new Error(`the count query covers ${counted} points of ${layout.pointsPerSeries * layout.series}`);
  }
  progress("same answers (count, min, max, first, last exactly; sum and avg within 1e-9); timing in turns");
  const queries = await timeQueries(timed, ours, raw, settings.BENCH_ROLLUP_QUERY_ROUNDS);
  return { layout, partitioning, queries, ...built };
}

/**
 * BENCH_ROLLUP_ROWS raw business metrics over BENCH_ROLLUP_DAYS days, loaded server-side, listed
 * pending and rolled up to completion as the rollup job does (rows/s beside the load's rate); then
 * the whole span in 1-hour buckets through telemetry.metrics.query, from rollups, beside the same
 * answer from raw rows, after checking the two agree.
 */
export async function benchTelemetryRollups(): Promise<BenchFigure[]> {
  const settings = rollupBenchSettings();
  const layout = rollupLayout(settings, new Date());
  progress(
    `${countLabel(layout.rows)} points: ${layout.metrics.length} metrics x ${layout.series} series, one every ${(layout.spacingMs / 1_000).toFixed(2)} s from ${layout.from.toISOString()} to ${layout.to.toISOString()}`,
  );
  progress("cloning a database from the migrated template; booting telemetry in this process (no jobs)");
  const kit = await startTelemetryTestKit();
  try {
    return rollupFigures(await measure(kit, layout, settings));
  } finally {
    await kit.close();
  }
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { withTenant } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putObject, type StoredObject } from "../drills/scenarios/backup-restore-objects";
import { createWriteTenant, insertPoint, type WriteTenant } from "../drills/scenarios/backup-restore-rows";
import { createBackup, type BackupSummary } from "./create-backup";
import { databaseLocationOf } from "./database-location";
import { restoreBackup, type RestoreSummary } from "./restore-backup";

const adminUrl = loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL;
const locationOf = (database: TestDatabase) => databaseLocationOf(adminUrl, database.ownerUrl);
const METRICS = ["native.metric.1", "native.metric.2"];

let source: TestDatabase;
let target: TestDatabase;
let workDir: string;
let tenant: WriteTenant;
let object: StoredObject;
let backup: BackupSummary;
let restore: RestoreSummary;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase({ partitioning: "native" }), createTestDatabase()]);
  workDir = await mkdtemp(join(tmpdir(), "cauldron-backup-native-"));
  tenant = await createWriteTenant(source.db, "native");
  for (const metric of METRICS) await insertPoint(source.db, tenant, metric);
  object = await putObject(source.db, join(workDir, "source-store"), tenant, "report.bin", Buffer.from("native"));
  backup = await createBackup({
    database: locationOf(source),
    storeDir: join(workDir, "source-store"),
    outDir: join(workDir, "backup"),
  });
  restore = await restoreBackup({
    database: locationOf(target),
    storeDir: join(workDir, "target-store"),
    fromDir: backup.outDir,
  });
});

afterAll(async () => {
  await Promise.all([source?.destroy(), target?.destroy()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("backup and restore of a database without TimescaleDB (native partitions)", () => {
  it("records that the source ran without TimescaleDB", () => {
    expect(backup.manifest.database.timescaledbVersion).toBeNull();
  });

  it("restores the points into natively partitioned tables, replacing a target that had TimescaleDB", async () => {
    const { rows } = await sql<{ mode: string; timescale: number }>`
      select timeseries.partitioning_mode() as mode,
             (select count(*)::int from pg_extension where extname = 'timescaledb') as timescale
    `.execute(target.ownerDb);
    expect(rows[0]).toEqual({ mode: "native", timescale: 0 });
    const owner = { userId: tenant.userId, organizationId: tenant.organizationId };
    const points = await withTenant(target.db, owner, (trx) =>
      trx.selectFrom("timeseries.business_metrics").select("metric_name").where("metric_name", "in", METRICS).execute(),
    );
    expect(points.map((point) => point.metric_name).sort()).toEqual(METRICS);
  });

  it("restores the object's row with its bytes", () => {
    expect(backup.manifest.objects).toMatchObject({ rows: 1, files: 1, bytes: object.size });
    expect(restore.rowsWithoutBytes).toEqual({ checked: 1, missing: 0, examples: [] });
  });
});

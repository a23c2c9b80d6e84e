import type { BackupSummary } from "../../backup/create-backup";
import type { RestoreSummary } from "../../backup/restore-backup";
import type { DrillResult } from "../drill-result";
import type { LoadReport } from "../load/steady-load";
import type { DrillWrite, Expectations } from "./backup-restore-ledger";
import type { LoadBeforePoint } from "./backup-restore-load";
import type { LookupResult } from "./backup-restore-lookup";

/** The drills table's row, with what this scenario counts. */
export interface BackupRestoreDrillResult extends DrillResult {
  writesBeforeBackup: number;
  foundAfterRestore: number;
  objectsChecked: number;
  checksumMismatches: number;
}

/** Everything the drill saw: its writes, the backup, the restore and what the restored stack held. */
export interface BackupRestoreEvidence {
  writes: DrillWrite[];
  failed: number;
  backup: BackupSummary;
  backupMs: number;
  restore: RestoreSummary;
  restoreMs: number;
  expected: Expectations;
  lookup: LookupResult;
  foreignRows: number;
  load?: { report: LoadReport; beforePoint: LoadBeforePoint };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// Objects the snapshot held that a write after the point replaced or deleted: their old bytes were removed from the source.
function objectsChangedAfterPoint(evidence: BackupRestoreEvidence): number {
  const point = evidence.backup.point.requestedAt.getTime();
  const changed = new Set(
    evidence.writes.flatMap((write) =>
      write.kind === "object" && write.startedAt >= point ? [`${write.organizationId}/${write.path}`] : [],
    ),
  );
  return evidence.expected.objects.filter(
    (object) =>
      !object.inFlight && object.acceptable[0] !== null && changed.has(`${object.organizationId}/${object.path}`),
  ).length;
}

/** Judges the drill: every write acknowledged before the point found intact, nothing failed, no tenant sees another's rows. */
export function backupRestoreVerdict(evidence: BackupRestoreEvidence): BackupRestoreDrillResult {
  const { backup, restore, expected, lookup, load } = evidence;
  const writesBeforeBackup = expected.rows.length + expected.objects.length + (load?.beforePoint.expected ?? 0);
  const foundAfterRestore = lookup.rowsFound + lookup.objectsFound + (load?.beforePoint.found ?? 0);
  const checksumMismatches = lookup.checksumMismatches + (load?.beforePoint.checksumMismatches ?? 0);
  const failed = evidence.failed + (load?.report.failed ?? 0);
  const unbacked = backup.rowsWithoutBytes.missing + restore.rowsWithoutBytes.missing;
  const { point } = backup;
  const notes = [
    `backup point ${point.takenAt.toISOString()} (WAL ${point.walLsn}); object rows held ${backup.objectLockMs} ms`,
    `backup ${seconds(evidence.backupMs)} (${backup.manifest.objects.files} object files), restore ${seconds(evidence.restoreMs)}`,
    `${objectsChangedAfterPoint(evidence)} objects replaced or deleted after the backup point came back with their bytes`,
    `${expected.objects.filter((object) => object.inFlight).length} object writes in flight at the point, either outcome accepted`,
    ...(load?.beforePoint.notes ?? []),
  ];
  if (failed > 0) notes.push(`${failed} writes failed while the backup ran`);
  if (expected.uncertainPaths > 0) notes.push(`${expected.uncertainPaths} object paths left out after a failed write`);
  if (lookup.missing.length > 0) notes.push(`not found: ${lookup.missing.join("; ")}`);
  if (evidence.foreignRows > 0)
    notes.push(`${evidence.foreignRows} rows of other organizations visible after the restore`);
  if (unbacked > 0) {
    notes.push(
      `object rows without bytes: ${backup.rowsWithoutBytes.missing} in the backup, ${restore.rowsWithoutBytes.missing} restored`,
    );
  }
  const sent = evidence.writes.filter((write) => write.acknowledgedAt !== Infinity).length + evidence.failed;
  return {
    scenario: "backup and restore",
    requestsSent: sent + (load?.report.sent ?? 0),
    requestsFailed: failed,
    writesAcknowledged: writesBeforeBackup,
    writesFound: foundAfterRestore,
    writesBeforeBackup,
    foundAfterRestore,
    objectsChecked: lookup.objectsChecked + (load?.beforePoint.objectsChecked ?? 0),
    checksumMismatches,
    ok:
      foundAfterRestore === writesBeforeBackup &&
      checksumMismatches === 0 &&
      failed === 0 &&
      evidence.foreignRows === 0 &&
      unbacked === 0,
    notes,
  };
}

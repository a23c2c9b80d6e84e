import type { LoadReport } from "../load/steady-load";
import { verifyLedger } from "../load/verify-ledger";

/** What the restored stack held of the writes a load had acknowledged before the backup point. */
export interface LoadBeforePoint {
  expected: number;
  found: number;
  objectsChecked: number;
  checksumMismatches: number;
  notes: string[];
}

/**
 * Looks up, in the restored stack, every write of the load's ledger acknowledged before the
 * backup point (later ones may or may not be in the backup); objects with their bytes' SHA-256.
 */
export async function verifyLoadBeforePoint(
  report: LoadReport,
  point: number,
  target: { urls: { owner: string }; objectStoreDir: string },
): Promise<LoadBeforePoint> {
  const before = report.ledger.filter((write) => Date.parse(write.acknowledgedAt) < point);
  const verification = await verifyLedger(before, {
    systemDatabaseUrl: target.urls.owner,
    objectStoreDir: target.objectStoreDir,
  });
  const kinds = Object.entries(verification.byKind);
  const found = kinds.reduce((sum, [, kind]) => sum + kind.found, 0);
  const notes = [`load: ${before.length} of ${report.ledger.length} acknowledged writes came before the backup point`];
  for (const [name, kind] of kinds) {
    if (kind.missingCount > 0)
      notes.push(`load ${name}: ${kind.missingCount} missing, e.g. ${kind.missing.slice(0, 3).join(", ")}`);
    if (kind.corrupted.length > 0) notes.push(`load ${name}: ${kind.corrupted.length} with other bytes or checksum`);
  }
  return {
    expected: before.length,
    found,
    objectsChecked: verification.byKind.object.acknowledged,
    checksumMismatches: verification.byKind.object.corrupted.length,
    notes,
  };
}

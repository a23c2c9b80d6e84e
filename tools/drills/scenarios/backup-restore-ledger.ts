import type { StoredObject } from "./backup-restore-objects";

/** Whose rows a write made: lookups run as this user in this organization, through row-level security. */
export interface WriteOwner {
  organizationId: string;
  userId: string;
}

/** One write the drill sent, with when it started and when it was acknowledged (Date.now(); Infinity if never). */
export type DrillWrite = WriteOwner & { startedAt: number; acknowledgedAt: number } & (
    | { kind: "document" | "embedding"; id: string }
    | { kind: "point"; metricName: string }
    | { kind: "object"; path: string; result: StoredObject | null | "unknown" }
  );

/** A row that must be found in the restored stack. */
export type RowExpectation = WriteOwner &
  ({ kind: "document" | "embedding"; id: string } | { kind: "point"; metricName: string });

/** An object path and the states it may be found in (null: absent), with the bytes each version must have. */
export interface ObjectExpectation extends WriteOwner {
  path: string;
  acceptable: (StoredObject | null)[];
  /** Whether a write still in flight at the backup point leaves two acceptable states. */
  inFlight: boolean;
}

export interface Expectations {
  rows: RowExpectation[];
  objects: ObjectExpectation[];
  /** Object paths left out: a write on them failed before the point, so what it left is unknown. */
  uncertainPaths: number;
}

/**
 * What the restored stack must hold for a backup taken at `point`: every row acknowledged before
 * it, and each object path as the last write acknowledged before it left it. A write on that path
 * started before the point but acknowledged after (or never) may or may not be in the snapshot,
 * so its outcome is accepted too. Writes started after the point are not looked for.
 */
export function expectationsAt(writes: readonly DrillWrite[], point: number): Expectations {
  const rows: RowExpectation[] = [];
  const objects = new Map<string, ObjectExpectation>();
  const uncertain = new Set<string>();
  const ordered = [...writes].filter((write) => write.startedAt < point).sort((a, b) => a.startedAt - b.startedAt);
  for (const write of ordered) {
    const settled = write.acknowledgedAt < point;
    if (write.kind !== "object") {
      if (settled) rows.push(write);
      continue;
    }
    const key = `${write.organizationId}/${write.path}`;
    const result = write.result;
    if (result === "unknown") uncertain.add(key);
    if (result === "unknown" || uncertain.has(key)) continue;
    const { organizationId, userId, path } = write;
    const acceptable = settled ? [result] : [...(objects.get(key)?.acceptable ?? [null]), result];
    objects.set(key, { organizationId, userId, path, acceptable, inFlight: !settled });
  }
  for (const key of uncertain) objects.delete(key);
  return { rows, objects: [...objects.values()], uncertainPaths: uncertain.size };
}

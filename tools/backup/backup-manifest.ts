import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { BackupPoint, SnapshotFacts } from "./database-snapshot";
import type { CopiedObjects } from "./object-copy";

/** The files of a backup folder, beside manifest.json. */
export const BACKUP_FILES = {
  manifest: "manifest.json",
  dump: "database.dump",
  objects: "objects",
  objectList: "objects.sha256",
  objectRows: "object-rows.txt",
} as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex");
const count = z.number().int().min(0);

/** What a backup holds and how to check it; restore refuses a folder whose files do not match it. */
export const backupManifestSchema = z.object({
  format: z.literal("cauldron-backup/1"),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  snapshot: z.object({
    requestedAt: z.iso.datetime(),
    takenAt: z.iso.datetime(),
    walLsn: z.string().regex(/^[0-9A-F]+\/[0-9A-F]+$/),
  }),
  database: z.object({
    name: z.string().min(1),
    owner: z.string().min(1),
    serverVersion: z.string().min(1),
    timescaledbVersion: z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)*(-[a-z0-9]+)?$/, "must be an extension version such as 2.19.3")
      .nullable(),
    dumpBytes: count,
    dumpSha256: sha256,
  }),
  objects: z.object({
    /** storage.objects rows in the snapshot, and the bytes they account for. */
    rows: count,
    rowBytes: count,
    /** Files copied from the store (rows' bytes, parts of unfinished uploads, and bytes written after the snapshot). */
    files: count,
    bytes: count,
    listSha256: sha256,
  }),
});

export type BackupManifest = z.output<typeof backupManifestSchema>;

/** What a finished backup knows, to be written into its manifest. */
export interface BackupFacts {
  startedAt: Date;
  database: string;
  point: BackupPoint;
  facts: SnapshotFacts;
  dump: { size: number; sha256: string };
  copied: CopiedObjects;
  listSha256: string;
}

/** The manifest of a backup that finishes now. */
export function manifestOf(backup: BackupFacts): BackupManifest {
  const { point, facts } = backup;
  return {
    format: "cauldron-backup/1",
    startedAt: backup.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    snapshot: {
      requestedAt: point.requestedAt.toISOString(),
      takenAt: point.takenAt.toISOString(),
      walLsn: point.walLsn,
    },
    database: {
      name: backup.database,
      owner: facts.owner,
      serverVersion: facts.serverVersion,
      timescaledbVersion: facts.timescaledbVersion,
      dumpBytes: backup.dump.size,
      dumpSha256: backup.dump.sha256,
    },
    objects: {
      rows: facts.objectRows,
      rowBytes: facts.objectRowBytes,
      files: backup.copied.files,
      bytes: backup.copied.bytes,
      listSha256: backup.listSha256,
    },
  };
}

/** Writes manifest.json into the backup folder. */
export async function writeBackupManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(dir, BACKUP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });
}

/** Reads and checks a backup folder's manifest.json, failing with what is wrong. */
export async function readBackupManifest(dir: string): Promise<BackupManifest> {
  const path = join(dir, BACKUP_FILES.manifest);
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new Error(`${path} cannot be read (${(error as Error).message}); is ${dir} a backup folder?`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON; is ${dir} a backup folder?`);
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new Error(`${path} is not a backup manifest: ${z.prettifyError(parsed.error)}`);
}

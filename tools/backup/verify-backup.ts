import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BACKUP_FILES, type BackupManifest } from "./backup-manifest";
import { forEachLimited, hashFile } from "./object-files";
import type { ProgressCounter } from "./step-progress";

const CHECKS_AT_ONCE = 8;
const PROBLEMS_NAMED = 20;

/** One line of objects.sha256. */
export interface ListedObject {
  key: string;
  sha256: string;
}

/** The entries of a backup's objects.sha256, read line by line. */
export async function* listedObjects(backupDir: string): AsyncGenerator<ListedObject> {
  const input = createReadStream(join(backupDir, BACKUP_FILES.objectList));
  for await (const line of createInterface({ input })) {
    const match = /^([0-9a-f]{64}) {2}([A-Za-z0-9_][A-Za-z0-9._/-]*)$/.exec(line);
    if (!match || match[2]!.split("/").some((segment) => segment === "" || segment.startsWith("."))) {
      throw new Error(`${BACKUP_FILES.objectList} has a malformed line: ${line.slice(0, 120)}`);
    }
    yield { sha256: match[1]!, key: match[2]! };
  }
}

async function expectChecksum(path: string, expected: string, what: string): Promise<number> {
  const { size, sha256 } = await hashFile(path);
  if (sha256 !== expected)
    throw new Error(`${what} does not match its checksum in the manifest; the backup is damaged`);
  return size;
}

/** Checks the dump and the object list against the manifest before anything is restored. */
export async function verifyBackupFiles(backupDir: string, manifest: BackupManifest): Promise<void> {
  await expectChecksum(join(backupDir, BACKUP_FILES.dump), manifest.database.dumpSha256, BACKUP_FILES.dump);
  await expectChecksum(join(backupDir, BACKUP_FILES.objectList), manifest.objects.listSha256, BACKUP_FILES.objectList);
}

/** Hashes every listed object file; fails naming those that are missing or changed, or a count that differs. */
export async function verifyObjectFiles(
  backupDir: string,
  manifest: BackupManifest,
  counter: ProgressCounter,
): Promise<void> {
  const problems: string[] = [];
  let files = 0;
  let bytes = 0;
  await forEachLimited(listedObjects(backupDir), CHECKS_AT_ONCE, async ({ key, sha256 }) => {
    const found = await hashFile(join(backupDir, BACKUP_FILES.objects, ...key.split("/"))).catch(() => undefined);
    files += 1;
    bytes += found?.size ?? 0;
    if (found?.sha256 !== sha256) problems.push(`${key} ${found ? "changed" : "missing"}`);
    counter.add();
  });
  counter.finish();
  if (problems.length === 0 && (files !== manifest.objects.files || bytes !== manifest.objects.bytes)) {
    problems.push(
      `${files} files of ${bytes} bytes listed, the manifest says ${manifest.objects.files} of ${manifest.objects.bytes}`,
    );
  }
  if (problems.length > 0) {
    const named = problems.slice(0, PROBLEMS_NAMED).join("; ");
    throw new Error(`the backup's object files do not match their checksums (${problems.length}): ${named}`);
  }
}

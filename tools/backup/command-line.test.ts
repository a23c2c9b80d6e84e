import { describe, expect, it } from "vitest";
import { parseBackupArgs, parseRestoreArgs, stackLocationFrom } from "./command-line";

describe("backup and restore command lines", () => {
  it("reads the backup folder and the lock wait, with a default wait", () => {
    expect(parseBackupArgs(["--out", "/backups/today"])).toEqual({ out: "/backups/today", "lock-timeout-ms": 10_000 });
    expect(parseBackupArgs(["--out=/b", "--lock-timeout-ms", "2500"])).toEqual({ out: "/b", "lock-timeout-ms": 2_500 });
  });

  it.each([[[]], [["--out"]], [["--out", "/b", "--lock-timeout-ms", "soon"]], [["/b"]], [["--out", "/b", "--force"]]])(
    "refuses backup arguments %j with the usage line",
    (args) => {
      expect(() => parseBackupArgs(args)).toThrow(/^usage: npm run backup -- --out <dir>/);
    },
  );

  it("reads the restore folder, --force and the parallel jobs", () => {
    expect(parseRestoreArgs(["--from", "/b"])).toEqual({ from: "/b", force: false, jobs: 1 });
    expect(parseRestoreArgs(["--from", "/b", "--force", "--jobs", "4"])).toEqual({ from: "/b", force: true, jobs: 4 });
    expect(() => parseRestoreArgs(["--from", "/b", "--jobs", "0"])).toThrow(/^usage: npm run restore -- --from <dir>/);
  });

  it("backs up the database the owner URL names, through the admin role, and the filesystem store", () => {
    const stack = stackLocationFrom({
      DATABASE_ADMIN_URL: "postgres://admin:secret@db.internal:5432/postgres",
      DATABASE_OWNER_URL: "postgres://cauldron_owner@db.internal:5432/cauldron_prod",
      STORAGE_DATA_DIR: "/srv/cauldron/objects",
    });
    expect(stack.database).toEqual({
      adminUrl: "postgres://admin:secret@db.internal:5432/postgres",
      database: "cauldron_prod",
    });
    expect(stack.storeDir).toBe("/srv/cauldron/objects");
  });

  it("refuses an S3 object store, whose bytes the bucket's versioning protects", () => {
    expect(() => stackLocationFrom({ STORAGE_BACKEND: "s3" })).toThrow(/STORAGE_BACKEND=s3/);
  });
});

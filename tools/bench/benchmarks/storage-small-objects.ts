import { randomBytes } from "node:crypto";
import type { BenchFigure } from "../bench-report";
import { apiSmallObjects } from "../storage/api-small-objects";
import { createBenchFolder } from "../storage/bench-folder";
import { filesystemSmallObjects } from "../storage/filesystem-small-objects";
import { runInTurns } from "../storage/in-turns";
import { IN_FLIGHT, smallObjectFigures, smallObjectSides } from "../storage/small-object-rounds";
import { progress, storageBenchSettings } from "../storage/storage-bench-settings";
import { startStorageBenchService } from "../storage/storage-bench-service";

const OBJECT_BYTES = 1024;
/**
 * One pass: each is tens of thousands of calls over minutes, which evens out passing load on the
 * machine, and a second would double the run.
 */
const ROUNDS = 1;

/**
 * 10,000 objects (BENCH_STORAGE_OBJECTS) of 1 KiB created, listed and deleted through the
 * Supabase API, by the storage service in its own process on the filesystem backend, beside the
 * same operations on plain files of the same disk. No target: the service does per object what a file does not (a checked
 * caller, a row, an audit entry, an event, a flushed file), so the figures say what that costs.
 */
export async function benchStorageSmallObjects(): Promise<BenchFigure[]> {
  const objects = storageBenchSettings().BENCH_STORAGE_OBJECTS;
  const folder = await createBenchFolder("storage-small-objects");
  try {
    progress("starting the storage service (filesystem backend, same disk) in its own process");
    const service = await startStorageBenchService({
      STORAGE_BACKEND: "filesystem",
      STORAGE_DATA_DIR: folder.file("service"),
    });
    try {
      const body = randomBytes(OBJECT_BYTES);
      const api = smallObjectSides(apiSmallObjects(service), objects, body);
      const files = smallObjectSides(filesystemSmallObjects(folder.file("files")), objects, body);
      progress(`${objects.toLocaleString("en-US")} objects of 1 KiB per round, ${IN_FLIGHT} calls in flight`);
      const seconds = await runInTurns(
        ROUNDS,
        {
          "create through the API": api.create,
          "list through the API": api.list,
          "delete through the API": api.delete,
          writeFile: files.create,
          "readdir + stat": files.list,
          unlink: files.delete,
        },
        (_key, taken) => `${Math.round(objects / taken).toLocaleString("en-US")} objects/s`,
      );
      return smallObjectFigures(
        `storage ${objects.toLocaleString("en-US")} x 1 KiB (filesystem)`,
        objects,
        {
          create: { ours: seconds["create through the API"], baseline: seconds.writeFile },
          list: { ours: seconds["list through the API"], baseline: seconds["readdir + stat"] },
          delete: { ours: seconds["delete through the API"], baseline: seconds.unlink },
        },
        {
          create: `fs writeFile, ${IN_FLIGHT} at once, same disk`,
          list: `fs readdir + stat of each, ${IN_FLIGHT} at once`,
          delete: `fs unlink, ${IN_FLIGHT} at once`,
        },
      );
    } finally {
      await service.stop();
    }
  } finally {
    await folder.remove();
  }
}

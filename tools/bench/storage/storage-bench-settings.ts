import { z } from "zod";

const MIB = 1024 ** 2;

const byteCount = (fallback: number) => z.coerce.number().int().min(MIB).default(fallback);

const settingsSchema = z.object({
  /** Size of the file streamed through the filesystem backend. */
  BENCH_STORAGE_BYTES: byteCount(1024 * MIB),
  /** Size of the file streamed through the S3 backend (the emulator writes far slower than a disk). */
  BENCH_STORAGE_S3_BYTES: byteCount(256 * MIB),
  /** Small objects created, listed and deleted on the filesystem backend. */
  BENCH_STORAGE_OBJECTS: z.coerce.number().int().min(1).default(10_000),
  /** Small objects created, listed and deleted on the S3 backend. */
  BENCH_STORAGE_S3_OBJECTS: z.coerce.number().int().min(1).default(2_000),
  /** How many times each side of a streaming measurement runs; the fastest run counts. */
  BENCH_STORAGE_ROUNDS: z.coerce.number().int().min(1).max(10).default(3),
});

/** The storage benchmarks' sizes and repetitions. */
export type StorageBenchSettings = z.output<typeof settingsSchema>;

/** Reads the storage benchmarks' settings from the environment, failing loudly on a bad value. */
export function storageBenchSettings(environment: Record<string, string | undefined> = process.env) {
  const parsed = settingsSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid storage benchmark settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** Megabytes (10^6 bytes) per second, as disk and network speeds are quoted. */
export const megabytesPerSecond = (bytes: number, seconds: number) => bytes / 1e6 / seconds;

/** Prints a progress line to stderr, so a long run never looks hung and the table stays on stdout. */
export const progress = (text: string) => process.stderr.write(`        ${text}\n`);

/** A byte count as people say it: "1 GiB", "256 MiB". */
export function sizeLabel(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1 && Number.isInteger(gib * 4)) return `${gib} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

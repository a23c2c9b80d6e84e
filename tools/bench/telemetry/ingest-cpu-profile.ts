import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";

/** The file name of the service's profile inside the profile folder. */
export const SERVICE_PROFILE_FILE = "ingest-service.cpuprofile";

/** A CPU profile being recorded in this process. */
export interface CpuProfileRecording {
  /** Stops sampling and writes the profile (Chrome DevTools' .cpuprofile format) into `folder`. */
  stopInto(folder: string): Promise<string>;
}

/**
 * Samples this process's main thread every `intervalMicroseconds` through the inspector, as
 * `node --cpu-prof` does; started from inside, so the process can be launched like any other.
 */
export async function startCpuProfile(intervalMicroseconds = 1_000): Promise<CpuProfileRecording> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalMicroseconds });
  await session.post("Profiler.start");
  return {
    async stopInto(folder) {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, SERVICE_PROFILE_FILE);
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
  };
}

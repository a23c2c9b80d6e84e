import { readFileSync, writeFileSync } from "node:fs";

function statusKilobytes(field: "VmHWM" | "VmRSS"): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) : undefined;
}

/**
 * Peak resident memory of this process from a starting point on. Linux resets the peak (VmHWM)
 * when "5" is written to /proc/self/clear_refs; where that is refused, the peak is sampled.
 */
export function startPeakMemory(): { peakMegabytes(): number; stop(): void } {
  let resettable = true;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    resettable = false;
  }
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 100);
  timer.unref();
  return {
    peakMegabytes: () => {
      const kernel = resettable ? (statusKilobytes("VmHWM") ?? 0) * 1024 : 0;
      return Math.max(kernel, sampled, process.memoryUsage.rss()) / 1024 / 1024;
    },
    stop: () => clearInterval(timer),
  };
}

/** This process's resident memory now, in megabytes. */
export function residentMegabytes(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}

import { TRPCError } from "@trpc/server";

/** Running exports per exporter, capped so no one person can hold many slow streams open. */
export interface ExportSlots {
  /** Takes a slot for `exporter`, or throws TOO_MANY_REQUESTS; call the returned function when the export ends. */
  claim(exporter: string): () => void;
}

/**
 * Counts exports in this process. The cap protects what each replica owns (its database pool
 * and sockets), so counting per replica is the point, not a shortcut.
 */
export function createExportSlots(maxPerExporter: number): ExportSlots {
  const running = new Map<string, number>();
  return {
    claim(exporter) {
      const count = running.get(exporter) ?? 0;
      if (count >= maxPerExporter) {
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `You already have ${count} audit export${count === 1 ? "" : "s"} running; wait for one to finish`,
        });
      }
      running.set(exporter, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (running.get(exporter) ?? 1) - 1;
        if (left > 0) running.set(exporter, left);
        else running.delete(exporter);
      };
    },
  };
}

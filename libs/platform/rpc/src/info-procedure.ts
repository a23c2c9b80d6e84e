import { PLATFORM_VERSION } from "@cauldron/config";
import { serviceInfoSchema } from "@cauldron/contracts";
import { publicProcedure } from "./trpc";

/** The `<service>.info` query: name, version and uptime, open to every caller. */
export function createInfoProcedure(name: string, startedAt: Date) {
  return publicProcedure.output(serviceInfoSchema).query(() => ({
    name,
    version: PLATFORM_VERSION,
    uptimeSeconds: Math.max(0, (Date.now() - startedAt.getTime()) / 1000),
    startedAt,
  }));
}

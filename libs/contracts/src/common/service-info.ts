import { z } from "zod";

/** What every service's `<service>.info` query answers. */
export const serviceInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  startedAt: z.date(),
});

export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

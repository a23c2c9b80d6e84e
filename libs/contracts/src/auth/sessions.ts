import { z } from "zod";

/** One signed-in device: a refresh-token family. */
export const sessionSchema = z.object({
  id: z.string(),
  /** The device's user agent, as last seen. */
  device: z.string().nullable(),
  ip: z.string().nullable(),
  aal: z.enum(["aal1", "aal2"]),
  createdAt: z.date(),
  lastUsedAt: z.date(),
  expiresAt: z.date(),
  /** True for the session the caller is using. */
  current: z.boolean(),
});

export const revokeSessionInputSchema = z.object({ sessionId: z.guid("must be a session id") });

export type SessionView = z.infer<typeof sessionSchema>;

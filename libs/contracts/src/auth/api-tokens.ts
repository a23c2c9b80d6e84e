import { z } from "zod";

/** A permission or a pattern of them (`documents:read`, `documents:*`, `*:read`). */
export const permissionPatternSchema = z
  .string()
  .regex(
    /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*):(\*|[a-z][a-z0-9_]*)$/,
    "must be resource:action, either part may be *, e.g. documents:read or documents:*",
  );

export const createApiTokenInputSchema = z.object({
  name: z.string().trim().min(1, "give the token a name").max(100, "must be at most 100 characters"),
  scopes: z.array(permissionPatternSchema).min(1, "grant at least one scope").max(50),
  expiresAt: z
    .date()
    .refine((date) => date.getTime() > Date.now(), "must be in the future")
    .optional(),
});

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The token's public start (cst_…), to recognise it; the secret is never shown again. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const createdApiTokenSchema = apiTokenSchema.extend({
  /** The whole token: shown this once only. */
  token: z.string(),
});

export const revokeApiTokenInputSchema = z.object({ tokenId: z.guid("must be a token id") });

export type ApiTokenView = z.infer<typeof apiTokenSchema>;

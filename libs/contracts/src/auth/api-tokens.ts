import { z } from "zod";
import { pageInputSchema, pageSchema } from "../common/page";

/** A permission or a pattern of them (`documents:read`, `documents:*`, `*:read`). */
export const permissionPatternSchema = z
  .string()
  .max(100, "must be at most 100 characters")
  .regex(
    /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*):(\*|[a-z][a-z0-9_]*)$/,
    "must be resource:action, either part may be *, e.g. documents:read or documents:*",
  );

export const createApiTokenInputSchema = z.object({
  name: z.string().trim().min(1, "give the token a name").max(100, "must be at most 100 characters"),
  scopes: z.array(permissionPatternSchema).min(1, "grant at least one scope").max(50),
  /**
   * When the token stops working. Omitted, it lives as long as the service allows
   * (API_TOKEN_MAX_LIFETIME_DAYS, 365 by default); a later date is refused.
   */
  expiresAt: z
    .date()
    .refine((date) => date.getTime() > Date.now(), "must be in the future")
    .optional(),
  /** Binds the token to one organization of yours: it acts there only and reaches no other. */
  organizationId: z.guid("must be an organization id").optional(),
});

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The token's public start (cst_…), to recognise it; the secret is never shown again. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  /** The one organization the token acts in, or null for every organization of its owner. */
  organizationId: z.string().nullable(),
  /** The assurance of the session it was created from; aal2 reaches data that requires a second factor. */
  aal: z.enum(["aal1", "aal2"]),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const createdApiTokenSchema = apiTokenSchema.extend({
  /** The whole token: shown this once only. */
  token: z.string(),
});

/** A page of the caller's tokens, newest first; with no input, the first page. */
export const listApiTokensInputSchema = pageInputSchema.prefault({});

export const apiTokenPageSchema = pageSchema(apiTokenSchema);

export const revokeApiTokenInputSchema = z.object({ tokenId: z.guid("must be a token id") });

export type CreateApiTokenInput = z.infer<typeof createApiTokenInputSchema>;
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

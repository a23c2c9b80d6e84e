import { z } from "zod";
import { pageInputSchema, pageSchema } from "../common/page";

export const listUsersInputSchema = pageInputSchema.extend({
  /** Matches email or display name (case-insensitive substring). */
  search: z.string().trim().min(1).max(100).optional(),
});

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  emailConfirmed: z.boolean(),
  mfaEnabled: z.boolean(),
  disabledAt: z.date().nullable(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});

export const adminUserPageSchema = pageSchema(adminUserSchema);

export const disableUserInputSchema = z.object({
  userId: z.guid("must be a user id"),
  reason: z.string().max(500).optional(),
});

export const userIdInputSchema = z.object({ userId: z.guid("must be a user id") });

export const signingKeySchema = z.object({
  kid: z.string(),
  algorithm: z.string(),
  createdAt: z.date(),
  /** When the key starts (or started) signing. */
  activatesAt: z.date(),
  /** When it stops signing (it keeps verifying until its tokens expire); null for the newest key. */
  retiredAt: z.date().nullable(),
});

export type AdminUser = z.infer<typeof adminUserSchema>;

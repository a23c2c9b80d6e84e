import { z } from "zod";

export const listUsersInputSchema = z.object({
  /** Matches email or display name (case-insensitive substring). */
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
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

export const adminUserPageSchema = z.object({
  items: z.array(adminUserSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

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

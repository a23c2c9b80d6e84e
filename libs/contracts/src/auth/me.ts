import { z } from "zod";

export const profileSchema = z.object({
  fullName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  bio: z.string().nullable(),
  jobTitle: z.string().nullable(),
  phone: z.string().nullable(),
  timezone: z.string(),
  locale: z.string(),
});

export const roleAssignmentSchema = z.object({
  roleId: z.string(),
  name: z.string(),
  /** Null for a role that applies everywhere. */
  organizationId: z.string().nullable(),
});

/** What the caller may do in one organization they belong to. */
export const organizationAccessSchema = z.object({
  organizationId: z.string(),
  name: z.string(),
  /** The membership role (owner, admin, member, viewer). */
  role: z.string().nullable(),
  permissions: z.array(z.string()),
});

/** The caller: who they are, how they signed in, and what they may do where. */
export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string().nullable(),
    emailConfirmed: z.boolean(),
    mfaEnabled: z.boolean(),
    createdAt: z.date(),
  }),
  profile: profileSchema.nullable(),
  /** The session of an access token, or null for an API token. */
  session: z.object({ id: z.string(), aal: z.enum(["aal1", "aal2"]) }).nullable(),
  /** Scopes of the API token in use, or null for a session. */
  scopes: z.array(z.string()).nullable(),
  roles: z.array(roleAssignmentSchema),
  /** Permissions granted everywhere by global roles (already narrowed by token scopes). */
  globalPermissions: z.array(z.string()),
  organizations: z.array(organizationAccessSchema),
});

export const canInputSchema = z.object({
  permission: z
    .string()
    .max(100, "must be at most 100 characters")
    .regex(/^[a-z][a-z0-9_.]*:[a-z][a-z0-9_]*$/, "must be a resource:action permission such as documents:read"),
  organizationId: z.guid("must be a UUID").optional(),
});

/** The answer of auth.can; `reason` says why a permission the caller holds cannot be used yet. */
export const canResultSchema = z.object({
  allowed: z.boolean(),
  reason: z.enum(["mfa_required"]).optional(),
});

export type Me = z.infer<typeof meSchema>;
export type CanResult = z.infer<typeof canResultSchema>;

import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/**
 * Where a sign-up or sign-in came from, as the service saw it (behind trusted proxies only): the
 * user's activity keeps it. Absent from events published before it was added.
 */
const clientFields = {
  ipAddress: z.string().max(64).nullable().optional(),
  userAgent: z.string().max(512).nullable().optional(),
};

/** Events the auth service publishes: accounts, sign-ins, sessions, tokens, roles and permissions. */
export const authEvents = {
  "user.signed_up": z.object({
    userId: id,
    email: z.email(),
    // Set when the user signed up by accepting an invitation into an organization.
    organizationId: nullableId,
    ...clientFields,
  }),
  "user.disabled": z.object({
    userId: id,
    reason: z.string().nullable(),
    disabledByUserId: nullableId,
  }),
  "user.enabled": z.object({
    userId: id,
    enabledByUserId: nullableId,
  }),
  "user.signed_in": z.object({
    userId: id,
    sessionId: id,
    aal: z.enum(["aal1", "aal2"]),
    ...clientFields,
  }),
  "user.sign_in_failed": z.object({
    // Null when the email matched no account.
    userId: nullableId,
    reason: z.enum(["invalid_credentials", "disabled", "mfa_failed"]),
  }),
  "user.password_changed": z.object({
    userId: id,
    method: z.enum(["change", "reset"]),
  }),
  "user.email_confirmed": z.object({
    userId: id,
  }),
  "mfa.changed": z.object({
    userId: id,
    change: z.enum(["enrolled", "unenrolled", "recovery_codes_regenerated", "recovery_code_used"]),
  }),
  "api_token.created": z.object({
    userId: id,
    apiTokenId: id,
    organizationId: nullableId,
    scopes: z.array(name),
  }),
  "api_token.revoked": z.object({
    userId: id,
    apiTokenId: id,
    organizationId: nullableId,
    revokedByUserId: nullableId,
  }),
  "role.changed": z.object({
    roleId: id,
    roleName: name,
    // Null for a global role.
    organizationId: nullableId,
    change: z.enum(["created", "updated", "deleted"]),
    changedByUserId: nullableId,
  }),
  "role.assigned": z.object({
    userId: id,
    roleId: id,
    roleName: name,
    // Null when the role is granted globally rather than within one organization.
    organizationId: nullableId,
    assignedByUserId: nullableId,
  }),
  "role.unassigned": z.object({
    userId: id,
    roleId: id,
    roleName: name,
    organizationId: nullableId,
    unassignedByUserId: nullableId,
  }),
  "permissions.changed": z.object({
    // Who must have cached permissions recomputed: the holders of a role, one user, or both.
    roleId: nullableId,
    userId: nullableId,
    organizationId: nullableId,
  }),
  "session.revoked": z.object({
    userId: id,
    sessionId: id,
    reason: z.enum(["sign_out", "refresh_token_reuse", "user_disabled", "admin", "password_changed"]),
  }),
} as const satisfies EventSchemas;

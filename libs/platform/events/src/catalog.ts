import { z } from "zod";

// Postgres' uuid type accepts any 128-bit hex value, while z.uuid() insists on RFC 9562 versions;
// ids are checked the way the database checks them so a valid row always yields a valid event.
const id = z.guid();
const nullableId = id.nullable();
const name = z.string().min(1);

/** Every domain event the platform publishes, by name, with the schema its payload must satisfy. */
export const eventCatalog = {
  "organization.created": z.object({
    organizationId: id,
    name,
    slug: name,
    createdByUserId: id,
  }),
  "organization.updated": z.object({
    organizationId: id,
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
  }),
  "member.added": z.object({
    organizationId: id,
    userId: id,
    role: name,
    addedByUserId: nullableId,
  }),
  "member.removed": z.object({
    organizationId: id,
    userId: id,
    removedByUserId: nullableId,
  }),
  "member.role_changed": z.object({
    organizationId: id,
    userId: id,
    previousRole: name,
    role: name,
    changedByUserId: nullableId,
  }),
  "team.created": z.object({
    organizationId: id,
    teamId: id,
    name,
    createdByUserId: nullableId,
  }),
  "team.deleted": z.object({
    organizationId: id,
    teamId: id,
    deletedByUserId: nullableId,
  }),
  "team.member.added": z.object({
    organizationId: id,
    teamId: id,
    userId: id,
    role: name,
  }),
  "team.member.removed": z.object({
    organizationId: id,
    teamId: id,
    userId: id,
  }),
  "user.signed_up": z.object({
    userId: id,
    email: z.email(),
    // Set when the user signed up by accepting an invitation into an organization.
    organizationId: nullableId,
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
  "email.requested": z.object({
    // The service that composes and sends the message; the other services' email workers skip it.
    sender: name,
    // Which message, e.g. "password_reset"; each sender knows its own.
    template: name,
    // The record the message is about (a user, an invitation). The sender reads the address and
    // mints any link when it delivers, so no address, link or token is ever stored in the outbox.
    about: z.object({ type: name, id }),
    organizationId: nullableId,
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
  "role.changed": z.object({
    roleId: id,
    roleName: name,
    // Null for a global role.
    organizationId: nullableId,
    change: z.enum(["created", "updated", "deleted"]),
    changedByUserId: nullableId,
  }),
  "session.revoked": z.object({
    userId: id,
    sessionId: id,
    reason: z.enum(["sign_out", "refresh_token_reuse", "user_disabled", "admin", "password_changed"]),
  }),
  "api_token.revoked": z.object({
    userId: id,
    apiTokenId: id,
    organizationId: nullableId,
    revokedByUserId: nullableId,
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
  "document.created": z.object({
    organizationId: id,
    documentId: id,
    title: z.string(),
    createdByUserId: nullableId,
    teamIds: z.array(id),
  }),
  "document.updated": z.object({
    organizationId: id,
    documentId: id,
    version: z.number().int().positive(),
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
  }),
  "document.deleted": z.object({
    organizationId: id,
    documentId: id,
    deletedByUserId: nullableId,
  }),
  "alert.raised": z.object({
    alertId: id,
    organizationId: nullableId,
    alertType: name,
    source: name,
    severity: z.enum(["info", "warning", "error", "critical"]),
    title: name,
    description: z.string().nullable(),
    assignedToUserId: nullableId,
  }),
  "service.heartbeat": z.object({
    service: name,
    instanceId: name,
    version: name,
    startedAt: z.iso.datetime({ offset: true }),
  }),
} as const satisfies Record<string, z.ZodObject>;

export type EventCatalog = typeof eventCatalog;

/** The name of a catalogued event, e.g. "member.added". */
export type EventName = keyof EventCatalog;

/** The payload of event `N`, as its schema outputs it. */
export type EventPayload<N extends EventName> = z.output<EventCatalog[N]>;

/** Every catalogued event name, for iteration and validation. */
export const EVENT_NAMES = Object.keys(eventCatalog) as EventName[];

/** Whether `value` names a catalogued event. */
export function isEventName(value: string): value is EventName {
  return Object.hasOwn(eventCatalog, value);
}

import { type Kysely, sql } from "kysely";

const PERMISSIONS: Record<string, string> = {
  "organizations:read": "View the organization",
  "organizations:update": "Rename and configure the organization",
  "organizations:delete": "Archive or delete the organization",
  "members:read": "List members and invitations",
  "members:invite": "Invite people to the organization",
  "members:update": "Change members' roles",
  "members:remove": "Remove members from the organization",
  "teams:read": "List teams and their members",
  "teams:create": "Create teams",
  "teams:update": "Rename teams and change their members",
  "teams:delete": "Delete teams",
  "documents:read": "Read documents and search the knowledge base",
  "documents:create": "Create documents",
  "documents:update": "Edit documents",
  "documents:delete": "Delete documents",
  "embeddings:read": "Query embeddings and collections",
  "embeddings:write": "Create and delete embeddings and collections",
  "metrics:read": "Read metrics, events and forecasts",
  "metrics:write": "Record metrics and events",
  "alerts:read": "See alerts",
  "alerts:manage": "Acknowledge, assign and resolve alerts",
  "storage:read": "Download files",
  "storage:write": "Upload files and edit their metadata",
  "storage:delete": "Delete files and buckets",
  "audit:read": "Read the organization's audit log",
  "settings:read": "Read organization settings",
  "settings:write": "Change organization settings",
  "roles:manage": "Create custom roles and assign roles",
  "users:admin": "Administer every user and organization on the platform",
};

const ALL = Object.keys(PERMISSIONS);
const READ_ONLY = ALL.filter((name) => name.endsWith(":read") && name !== "audit:read");

const ROLES: Record<string, { description: string; permissions: string[] }> = {
  owner: {
    description: "Full control of the organization",
    permissions: ALL.filter((name) => name !== "users:admin"),
  },
  admin: {
    description: "Manages the organization, its members and content, but cannot delete it",
    permissions: ALL.filter((name) => name !== "users:admin" && name !== "organizations:delete"),
  },
  member: {
    description: "Works with the organization's content",
    permissions: [
      ...READ_ONLY,
      "documents:create",
      "documents:update",
      "embeddings:write",
      "metrics:write",
      "storage:write",
    ],
  },
  viewer: { description: "Reads the organization's content", permissions: READ_ONLY },
  platform_admin: { description: "Operates the platform", permissions: ALL },
};

const SYSTEM_SETTINGS: Record<string, { value: unknown; description: string }> = {
  locale: { value: "en", description: "Language for messages and emails" },
  timezone: { value: "UTC", description: "Time zone for dates shown to people" },
  theme: { value: "system", description: "Colour theme: light, dark or system" },
  "notifications.email": { value: true, description: "Send notifications by email" },
  "security.mfa_required": { value: false, description: "Require multi-factor authentication to sign in" },
};

/** 0002 data: the built-in permissions, global roles and their grants, and default system settings. */
export async function seedAccessControl(db: Kysely<unknown>): Promise<void> {
  for (const [name, description] of Object.entries(PERMISSIONS)) {
    await sql`insert into public.permissions (name, description) values (${name}, ${description})`.execute(db);
  }
  for (const [name, role] of Object.entries(ROLES)) {
    await sql`
      with role as (
        insert into public.roles (name, description, is_system) values (${name}, ${role.description}, true)
        returning id
      )
      insert into public.role_permissions (role_id, permission_id)
      select role.id, permissions.id from role, public.permissions where permissions.name = any(${role.permissions}::text[])
    `.execute(db);
  }
  for (const [key, setting] of Object.entries(SYSTEM_SETTINGS)) {
    await sql`
      insert into admin.system_settings (key, value, description)
      values (${key}, ${JSON.stringify(setting.value)}::jsonb, ${setting.description})
    `.execute(db);
  }
}

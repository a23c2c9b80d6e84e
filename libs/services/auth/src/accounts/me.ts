import type { Me } from "@cauldron/contracts";
import { userAsCaller, type Database } from "@cauldron/db";
import { isGranted, principalOrganizationId, type Principal } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Kysely } from "kysely";

type UserPrincipal = Exclude<Principal, { kind: "service" }>;

interface OverviewRow {
  id: string;
  email: string;
  display_name: string | null;
  email_verified_at: Date | null;
  mfa_enabled_at: Date | null;
  created_at: Date;
  profile_id: string | null;
  full_name: string | null;
  avatar_url: string | null;
  bio: string | null;
  job_title: string | null;
  phone: string | null;
  timezone: string | null;
  locale: string | null;
  roles: Me["roles"];
  global_permissions: string[];
  organizations: Me["organizations"];
}

/**
 * The caller's account, profile, roles and effective permissions per organization, narrowed by an
 * API token's scopes, and to its one organization when it is bound to one. One query
 * (app.user_overview_as, which answers for the user its argument sets for that statement alone), in
 * one round trip, since every client asks this often.
 */
export async function describeMe(db: Kysely<Database>, principal: UserPrincipal): Promise<Me> {
  const scopes = principal.kind === "api_token" ? principal.scopes : null;
  const bound = principalOrganizationId(principal);
  const narrow = (grants: string[]) => (scopes === null ? grants : grants.filter((grant) => isGranted(scopes, grant)));
  const reachable = (organizationId: string | null) =>
    bound === null || organizationId === null || organizationId === bound;
  const { rows } =
    await sql<OverviewRow>`select * from app.user_overview_as(${userAsCaller(principal.userId)})`.execute(db);
  const user = rows[0];
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "The account no longer exists or is disabled" });
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      emailConfirmed: user.email_verified_at !== null,
      mfaEnabled: user.mfa_enabled_at !== null,
      createdAt: user.created_at,
    },
    profile: user.profile_id
      ? {
          fullName: user.full_name,
          avatarUrl: user.avatar_url,
          bio: user.bio,
          jobTitle: user.job_title,
          phone: user.phone,
          timezone: user.timezone ?? "UTC",
          locale: user.locale ?? "en",
        }
      : null,
    session: principal.kind === "user" ? { id: principal.sessionId, aal: principal.aal } : null,
    scopes,
    roles: user.roles.filter((role) => reachable(role.organizationId)),
    // A bound token acts nowhere but its organization, whose permissions already include global roles'.
    globalPermissions: bound === null ? narrow(user.global_permissions) : [],
    organizations: user.organizations
      .filter((organization) => bound === null || organization.organizationId === bound)
      .map((organization) => ({ ...organization, permissions: narrow(organization.permissions) })),
  };
}

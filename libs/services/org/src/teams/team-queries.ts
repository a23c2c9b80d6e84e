import {
  containsPattern,
  decodeNameCursor,
  decodeTimeCursor,
  pastNameKey,
  pastTimeKey,
  preciseTime,
  toPage,
  type Database,
} from "@cauldron/db";
import type { Page, Team, TeamMember, TeamRole } from "@cauldron/contracts";
import { sql, type Transaction } from "kysely";

function teamColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("teams")
    .select([
      "teams.id",
      "teams.name",
      "teams.description",
      "teams.created_at",
      "teams.updated_at",
      sql<number>`(select count(*) from public.team_members tm where tm.team_id = teams.id)::int`.as("member_count"),
    ]);
}

type TeamRow = Awaited<ReturnType<ReturnType<typeof teamColumns>["executeTakeFirstOrThrow"]>>;

function toTeam(row: TeamRow): Team {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberCount: row.member_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One team of the active organization, or undefined when it has no such team. */
export async function loadTeam(
  trx: Transaction<Database>,
  organizationId: string,
  teamId: string,
): Promise<Team | undefined> {
  const row = await teamColumns(trx)
    .where("teams.organization_id", "=", organizationId)
    .where("teams.id", "=", teamId)
    .executeTakeFirst();
  return row && toTeam(row);
}

/** Teams of the active organization by name, a page at a time. */
export async function listTeams(
  trx: Transaction<Database>,
  organizationId: string,
  input: { limit: number; cursor?: string; search?: string },
): Promise<Page<Team>> {
  const after = decodeNameCursor(input.cursor);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await teamColumns(trx)
    .where("teams.organization_id", "=", organizationId)
    .$if(pattern !== null, (query) => query.where(sql`lower(teams.name)`, "like", pattern))
    .where(pastNameKey({ name: "teams.name", id: "teams.id" }, after))
    .orderBy("teams.name")
    .orderBy("teams.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toTeam, (row) => ({ name: row.name, id: row.id }));
}

function teamMemberColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("team_members as tm")
    .innerJoin("users as u", "u.id", "tm.user_id")
    .select([
      "tm.id",
      "tm.team_id",
      "tm.user_id",
      "tm.role",
      "tm.created_at",
      "u.email",
      "u.display_name",
      preciseTime("tm.created_at").as("added_key"),
    ]);
}

type TeamMemberRow = Awaited<ReturnType<ReturnType<typeof teamMemberColumns>["executeTakeFirstOrThrow"]>>;

function toTeamMember(row: TeamMemberRow): TeamMember {
  return {
    teamId: row.team_id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as TeamRole,
    addedAt: row.created_at,
  };
}

/** One member of a team, or undefined when the user is not on it. */
export async function loadTeamMember(
  trx: Transaction<Database>,
  organizationId: string,
  teamId: string,
  userId: string,
): Promise<TeamMember | undefined> {
  const row = await teamMemberColumns(trx)
    .where("tm.organization_id", "=", organizationId)
    .where("tm.team_id", "=", teamId)
    .where("tm.user_id", "=", userId)
    .executeTakeFirst();
  return row && toTeamMember(row);
}

/** A team's members in the order they were added, a page at a time (call once the team is known to exist). */
export async function listTeamMembers(
  trx: Transaction<Database>,
  organizationId: string,
  input: { teamId: string; limit: number; cursor?: string },
): Promise<Page<TeamMember>> {
  const after = decodeTimeCursor(input.cursor);
  const rows = await teamMemberColumns(trx)
    .where("tm.organization_id", "=", organizationId)
    .where("tm.team_id", "=", input.teamId)
    .where(pastTimeKey({ time: "tm.created_at", id: "tm.id" }, after, "after"))
    .orderBy("tm.created_at")
    .orderBy("tm.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toTeamMember, (row) => ({ at: row.added_key, id: row.id }));
}

/** Whether `error` is the unique violation of a team name within its organization. */
export function isTeamNameTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "teams_organization_id_name_key";
}

import { containsPattern, decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import type { ListMembersInput, Member, MemberPage, OrganizationRole } from "@cauldron/contracts";
import { sql, type Transaction } from "kysely";

function memberColumns(trx: Transaction<Database>) {
  return trx
    .selectFrom("organization_users as ou")
    .innerJoin("users as u", "u.id", "ou.user_id")
    .select([
      "ou.id",
      "ou.user_id",
      "ou.role",
      "ou.invited_by",
      "ou.created_at",
      "u.email",
      "u.display_name",
      preciseTime("ou.created_at").as("joined_key"),
    ]);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberColumns>["executeTakeFirstOrThrow"]>>;

function toMember(row: MemberRow): Member {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as OrganizationRole,
    invitedByUserId: row.invited_by,
    joinedAt: row.created_at,
  };
}

/** One page of the organization's members in the order they joined, optionally filtered. */
export async function listMembers(
  trx: Transaction<Database>,
  organizationId: string,
  input: ListMembersInput,
): Promise<MemberPage> {
  const after = decodeTimeCursor(input.cursor);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await memberColumns(trx)
    .where("ou.organization_id", "=", organizationId)
    .$if(input.role !== undefined, (query) => query.where("ou.role", "=", input.role ?? ""))
    .$if(pattern !== null, (query) =>
      query.where((eb) =>
        eb.or([eb(sql`lower(u.email)`, "like", pattern), eb(sql`lower(u.display_name)`, "like", pattern)]),
      ),
    )
    .where(pastTimeKey({ time: "ou.created_at", id: "ou.id" }, after, "after"))
    .orderBy("ou.created_at")
    .orderBy("ou.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toMember, (row) => ({ at: row.joined_key, id: row.id }));
}

/** One member of the active organization, or undefined when the user is not one. */
export async function loadMember(
  trx: Transaction<Database>,
  organizationId: string,
  userId: string,
): Promise<Member | undefined> {
  const row = await memberColumns(trx)
    .where("ou.organization_id", "=", organizationId)
    .where("ou.user_id", "=", userId)
    .executeTakeFirst();
  return row && toMember(row);
}

import { containsPattern, type Database } from "@cauldron/db";
import type { ListMembersInput, Member, MemberPage, OrganizationRole } from "@cauldron/contracts";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { decodeCursor, preciseTime, timeKeySchema, toPage } from "../pagination/keyset-cursor";

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
  const after = decodeCursor(input.cursor, timeKeySchema);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await memberColumns(trx)
    .where("ou.organization_id", "=", organizationId)
    .$if(input.role !== undefined, (query) => query.where("ou.role", "=", input.role ?? ""))
    .$if(pattern !== null, (query) =>
      query.where((eb) =>
        eb.or([
          eb(sql`lower(u.email)`, "like", pattern),
          eb(sql`lower(u.display_name)`, "like", pattern),
        ]),
      ),
    )
    .$if(after !== null, (query) =>
      query.where(sql<boolean>`(ou.created_at, ou.id) > (${after?.at}::timestamptz, ${after?.id}::uuid)`),
    )
    .orderBy("ou.created_at")
    .orderBy("ou.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toMember, (row) => ({ at: row.joined_key, id: row.id }));
}

/** One member of the active organization, or NOT_FOUND. */
export async function loadMember(trx: Transaction<Database>, organizationId: string, userId: string): Promise<Member> {
  const row = await memberColumns(trx)
    .where("ou.organization_id", "=", organizationId)
    .where("ou.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) throw notAMember();
  return toMember(row);
}

/** The error for a user id that is not a member of the active organization (or not visible at all). */
export function notAMember(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "That user is not a member of this organization" });
}

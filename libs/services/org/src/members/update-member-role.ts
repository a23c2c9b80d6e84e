import type { Member, updateMemberRoleInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { organizationArchivedError, requireFound, type OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { lockOrganization, membershipRole } from "../access/organization-state";
import { loadMember } from "./member-queries";
import { assertMayGrantRole, assertOutranksMember } from "./member-rank";
import { NOT_A_MEMBER } from "./member-refusals";
import { changeMemberRole } from "./membership-changes";
import { assertAnotherOwnerRemains, assertMayManageOwners } from "./ownership-rules";

type Caller = OrganizationWriteContext & { organizationId: string; can(permission: string): boolean };

/** Changes a member's role; making or unmaking an owner needs an owner, and the last owner stays. */
export async function updateMemberRole(
  trx: Transaction<Database>,
  caller: Caller,
  input: z.infer<typeof updateMemberRoleInputSchema>,
): Promise<Member> {
  const { organizationId } = caller;
  if ((await lockOrganization(trx, organizationId)).archived) throw organizationArchivedError();
  const previousRole = requireFound(await membershipRole(trx, organizationId, input.userId), NOT_A_MEMBER);
  if (previousRole !== input.role) {
    if (previousRole === "owner" || input.role === "owner") {
      const callerId = caller.actorUserId;
      assertMayManageOwners(callerId ? await membershipRole(trx, organizationId, callerId) : null, caller.can);
    }
    if (previousRole === "owner") await assertAnotherOwnerRemains(trx, organizationId, "be demoted");
    await assertMayGrantRole(trx, caller.can, input.role);
    await assertOutranksMember(trx, caller.can, organizationId, input.userId);
    await changeMemberRole(trx, caller, input.userId, previousRole, input.role);
  }
  return requireFound(await loadMember(trx, organizationId, input.userId), NOT_A_MEMBER);
}

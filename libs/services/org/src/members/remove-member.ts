import type { removeMemberInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { organizationArchivedError, requireFound, type OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { lockOrganization, membershipRole } from "../access/organization-state";
import { assertOutranksMember } from "./member-rank";
import { NOT_A_MEMBER } from "./member-refusals";
import { removeMembership } from "./membership-changes";
import { assertAnotherOwnerRemains, assertMayManageOwners } from "./ownership-rules";
import type { RemovedMember } from "./removed-member";

type Caller = OrganizationWriteContext & { organizationId: string; can(permission: string): boolean };

/** Removes another member; removing an owner needs an owner, and the last owner stays. */
export async function removeMember(
  trx: Transaction<Database>,
  caller: Caller,
  input: z.infer<typeof removeMemberInputSchema>,
): Promise<RemovedMember> {
  const { organizationId } = caller;
  if ((await lockOrganization(trx, organizationId)).archived) throw organizationArchivedError();
  const role = requireFound(await membershipRole(trx, organizationId, input.userId), NOT_A_MEMBER);
  if (role === "owner") {
    const callerId = caller.actorUserId;
    assertMayManageOwners(callerId ? await membershipRole(trx, organizationId, callerId) : null, caller.can);
    await assertAnotherOwnerRemains(trx, organizationId, "be removed");
  }
  await assertOutranksMember(trx, caller.can, organizationId, input.userId);
  const { teamIds } = await removeMembership(trx, caller, input.userId, role, "member.removed");
  return { userId: input.userId, teamIds };
}

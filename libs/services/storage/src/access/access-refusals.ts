import { invalidFields } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** The caller sees the bucket or object but lacks the rank the change needs. */
export function accessDenied(message: string): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message });
}

/** The grant does not exist, or the caller may not see it. */
export function grantNotFound(grantId: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `Grant ${grantId} not found` });
}

const OUTSIDE_ORGANIZATION = {
  user: "this user is not a member of the organization",
  team: "no team of this organization has this id",
  role: "no role of this organization, nor a built-in one, has this id",
  organization: "a grant to the organization must name this organization",
} as const;

/** The grant names a user, team or role that is not part of this organization. */
export function entityNotInOrganization(entityType: keyof typeof OUTSIDE_ORGANIZATION): TRPCError {
  return invalidFields([{ path: ["entityId"], message: OUTSIDE_ORGANIZATION[entityType] }]);
}

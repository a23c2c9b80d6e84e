import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { organizationRoleSchema } from "./organizations";

export const listMembersInputSchema = pageInputSchema.extend({
  /** Matches anywhere in the email address or display name, case-insensitively. */
  search: z.string().trim().min(1, "search must not be empty").max(100).optional(),
  role: organizationRoleSchema.optional(),
});

export const updateMemberRoleInputSchema = z.object({ userId: idSchema, role: organizationRoleSchema });

export const removeMemberInputSchema = z.object({ userId: idSchema });

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: organizationRoleSchema,
  invitedByUserId: z.string().nullable(),
  joinedAt: z.date(),
});

export const memberPageSchema = pageSchema(memberSchema);

export type ListMembersInput = z.infer<typeof listMembersInputSchema>;
export type Member = z.infer<typeof memberSchema>;
export type MemberPage = z.infer<typeof memberPageSchema>;

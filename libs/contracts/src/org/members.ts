import { z } from "zod";
import { idSchema, pageInputSchema } from "../common/identifiers";
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

export const memberPageSchema = z.object({
  items: z.array(memberSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

export type ListMembersInput = z.infer<typeof listMembersInputSchema>;
export type Member = z.infer<typeof memberSchema>;
export type MemberPage = z.infer<typeof memberPageSchema>;

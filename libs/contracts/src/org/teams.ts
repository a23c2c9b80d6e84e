import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";

export const teamRoleSchema = z.enum(["lead", "member"], { error: "team role must be lead or member" });

export type TeamRole = z.infer<typeof teamRoleSchema>;

const teamNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");
const teamDescriptionSchema = z.string().trim().max(1_000, "description must be at most 1000 characters");

export const createTeamInputSchema = z.object({ name: teamNameSchema, description: teamDescriptionSchema.optional() });

export const updateTeamInputSchema = z
  .object({
    teamId: idSchema,
    name: teamNameSchema.optional(),
    description: teamDescriptionSchema.nullable().optional(),
  })
  .refine((input) => input.name !== undefined || input.description !== undefined, {
    message: "give a name or description to change",
  });

export const teamIdInputSchema = z.object({ teamId: idSchema });

export const listTeamsInputSchema = pageInputSchema.extend({
  search: z.string().trim().min(1, "search must not be empty").max(100).optional(),
});

export const teamMemberInputSchema = z.object({ teamId: idSchema, userId: idSchema });

export const addTeamMemberInputSchema = teamMemberInputSchema.extend({ role: teamRoleSchema.default("member") });

export const updateTeamMemberRoleInputSchema = teamMemberInputSchema.extend({ role: teamRoleSchema });

export const listTeamMembersInputSchema = pageInputSchema.extend({ teamId: idSchema });

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int().nonnegative(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const teamPageSchema = pageSchema(teamSchema);

export const teamMemberSchema = z.object({
  teamId: z.string(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: teamRoleSchema,
  addedAt: z.date(),
});

export const teamMemberPageSchema = pageSchema(teamMemberSchema);

export type Team = z.infer<typeof teamSchema>;
export type TeamMember = z.infer<typeof teamMemberSchema>;

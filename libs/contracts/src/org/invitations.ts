import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { organizationRoleSchema } from "./organizations";

export const invitationStatusSchema = z.enum(["pending", "accepted", "declined", "revoked", "expired"]);

export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const createInvitationInputSchema = z.object({
  email: z
    .email("email must be an email address")
    .max(320)
    .transform((email) => email.toLowerCase()),
  role: organizationRoleSchema.default("member"),
  /** Teams the invitee joins (as member) on accepting. */
  teamIds: z.array(idSchema).max(20, "at most 20 teams per invitation").default([]),
  expiresInHours: z.number().int().min(1).max(720, "an invitation can last at most 30 days").optional(),
  /** Replace a pending invitation for the same email instead of failing with CONFLICT. */
  resend: z.boolean().default(false),
});

export const listInvitationsInputSchema = pageInputSchema.extend({ status: invitationStatusSchema.optional() });

export const invitationIdInputSchema = z.object({ invitationId: idSchema });

/** The secret from the invitation link. */
export const invitationTokenInputSchema = z.object({
  token: z.string().trim().min(20, "token is too short").max(200, "token is too long"),
});

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  teamIds: z.array(z.string()),
  status: invitationStatusSchema,
  invitedByUserId: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
  acceptedAt: z.date().nullable(),
  acceptedByUserId: z.string().nullable(),
});

export const createdInvitationSchema = z.object({
  invitation: invitationSchema,
  /** The invitation email is queued with the invitation and sent, with retries, in the background. */
  emailQueued: z.literal(true),
});

export const invitationPageSchema = pageSchema(invitationSchema);

export const acceptedInvitationSchema = z.object({
  organizationId: z.string(),
  role: organizationRoleSchema,
  teamIds: z.array(z.string()),
});

export type CreateInvitationInput = z.infer<typeof createInvitationInputSchema>;
export type Invitation = z.infer<typeof invitationSchema>;

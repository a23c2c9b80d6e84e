import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { webUrlSchema } from "../common/web-url";

/** The roles a member holds in an organization, from most to least powerful. */
export const organizationRoleSchema = z.enum(["owner", "admin", "member", "viewer"], {
  error: "role must be one of owner, admin, member, viewer",
});

export type OrganizationRole = z.infer<typeof organizationRoleSchema>;

/** A URL-safe handle, unique across the platform. */
export const organizationSlugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "slug must be 1-63 lowercase letters, digits or hyphens, and cannot start or end with a hyphen",
  );

export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");

const descriptionSchema = z.string().trim().max(1_000, "description must be at most 1000 characters");

export const createOrganizationInputSchema = z.object({
  name: organizationNameSchema,
  /** Derived from the name when left out. */
  slug: organizationSlugSchema.optional(),
  description: descriptionSchema.optional(),
});

export const updateOrganizationInputSchema = z
  .object({
    name: organizationNameSchema.optional(),
    slug: organizationSlugSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    logoUrl: webUrlSchema("logoUrl must be an http:// or https:// URL", 2_000).nullable().optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: "give at least one of name, slug, description or logoUrl to change",
  });

export const listMyOrganizationsInputSchema = pageInputSchema
  .extend({ includeArchived: z.boolean().default(false) })
  .prefault({});

export const transferOwnershipInputSchema = z.object({ userId: idSchema });

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  logoUrl: z.string().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** An organization as its member sees it in their list, with their role. */
export const myOrganizationSchema = organizationSchema.extend({ role: organizationRoleSchema });

export const myOrganizationPageSchema = pageSchema(myOrganizationSchema);

export type CreateOrganizationInput = z.infer<typeof createOrganizationInputSchema>;
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationInputSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type MyOrganization = z.infer<typeof myOrganizationSchema>;

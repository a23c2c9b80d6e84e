import { z } from "zod";

const optionalOrganization = z.guid("must be an organization id").optional();

export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lower case letters, digits and _ and start with a letter")
  .max(50, "must be at most 50 characters");

/** A concrete permission as roles hold them (no wildcards). */
export const permissionNameSchema = z
  .string()
  .max(100, "must be at most 100 characters")
  .regex(/^[a-z][a-z_]*:[a-z][a-z_]*$/, "must be a resource:action permission such as documents:read");

export const listRolesInputSchema = z.object({ organizationId: optionalOrganization }).default({});

export const createRoleInputSchema = z.object({
  /** Omit for a global role (platform administrators only). */
  organizationId: optionalOrganization,
  name: roleNameSchema,
  description: z.string().max(500).optional(),
  permissions: z.array(permissionNameSchema).max(100).default([]),
});

export const updateRoleInputSchema = z
  .object({
    roleId: z.guid("must be a role id"),
    description: z.string().max(500).nullable().optional(),
    permissions: z.array(permissionNameSchema).max(100).optional(),
  })
  .refine(
    (input) => input.description !== undefined || input.permissions !== undefined,
    "change the description or the permissions",
  );

export const deleteRoleInputSchema = z.object({ roleId: z.guid("must be a role id") });

export const assignRoleInputSchema = z.object({
  userId: z.guid("must be a user id"),
  roleId: z.guid("must be a role id"),
  /** Omit to grant the role everywhere (platform administrators only). */
  organizationId: optionalOrganization,
});

export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organizationId: z.string().nullable(),
  isSystem: z.boolean(),
  permissions: z.array(z.string()),
});

export const permissionSchema = z.object({ name: z.string(), description: z.string().nullable() });

export type RoleView = z.infer<typeof roleSchema>;

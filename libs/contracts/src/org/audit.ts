import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";

/** An exact action (`member.removed`) or every action under a prefix (`member.*`). */
export const auditActionFilterSchema = z
  .string()
  .max(100)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/,
    "action must look like member.removed, or member.* for every action under member",
  );

const auditFilterFields = {
  actorUserId: idSchema.optional(),
  action: auditActionFilterSchema.optional(),
  targetType: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(200).optional(),
};

function timeRangeIsOrdered(range: { from?: Date; to?: Date }): boolean {
  return !range.from || !range.to || range.from <= range.to;
}

const rangeMessage = { message: "from must not be later than to", path: ["from"] };

/** Filters of audit.list; newest entries first. `from` is inclusive, `to` exclusive. */
export const listAuditInputSchema = pageInputSchema
  .extend({ ...auditFilterFields, from: z.date().optional(), to: z.date().optional() })
  .refine(timeRangeIsOrdered, rangeMessage);

const isoTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-01-31T00:00:00Z" })
  .transform((value) => new Date(value));

/** Query string of GET /org/audit/export; oldest entries first. */
export const auditExportQuerySchema = z
  .object({ ...auditFilterFields, from: isoTime.optional(), to: isoTime.optional() })
  .strict()
  .refine(timeRangeIsOrdered, rangeMessage);

export const auditLogEntrySchema = z.object({
  id: z.string(),
  organizationId: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorType: z.enum(["user", "api_token", "service", "system"]),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  metadata: z.json(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.date(),
});

export const auditPageSchema = pageSchema(auditLogEntrySchema);

export type ListAuditInput = z.infer<typeof listAuditInputSchema>;
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

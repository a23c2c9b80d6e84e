import { z } from "zod";
import { emailSchema } from "../auth/accounts";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { webUrlSchema } from "../common/web-url";
import { alertSeveritySchema, alertStatusSchema } from "./alerts";

/** Most addresses one email channel sends to. */
export const MAX_ALERT_CHANNEL_EMAILS = 20;

export const alertChannelKindSchema = z.enum(["email", "webhook"]);
export type AlertChannelKind = z.infer<typeof alertChannelKindSchema>;

const channelNameSchema = z.string().trim().min(1, "name must not be empty").max(200);

const emailAddressesSchema = z
  .array(emailSchema)
  .min(1, "list at least one address")
  .max(MAX_ALERT_CHANNEL_EMAILS, `at most ${MAX_ALERT_CHANNEL_EMAILS} addresses per channel`)
  .refine(
    (addresses) => new Set(addresses.map((address) => address.toLowerCase())).size === addresses.length,
    "lists an address twice",
  );

// A text that is no URL at all is the URL check's to refuse.
function withoutCredentials(text: string): boolean {
  if (!URL.canParse(text)) return true;
  const url = new URL(text);
  return url.username === "" && url.password === "";
}

/** Where a webhook channel POSTs: http(s) only, with no user or password in the URL (the signature authenticates). */
const webhookUrlSchema = webUrlSchema("must be an http:// or https:// URL", 2_048).refine(
  withoutCredentials,
  "must not carry a user name or password; receivers check the signature instead",
);

const channelSettings = {
  name: channelNameSchema,
  /** Alerts below this severity are not sent through the channel. */
  minSeverity: alertSeveritySchema.default("info"),
  enabled: z.boolean().default(true),
};

export const createAlertChannelInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), ...channelSettings, emailAddresses: emailAddressesSchema }).strict(),
  z.object({ kind: z.literal("webhook"), ...channelSettings, webhookUrl: webhookUrlSchema }).strict(),
]);
export type CreateAlertChannelInput = z.infer<typeof createAlertChannelInputSchema>;

export const updateAlertChannelInputSchema = z
  .object({
    id: idSchema,
    name: channelNameSchema.optional(),
    minSeverity: alertSeveritySchema.optional(),
    enabled: z.boolean().optional(),
    /** Only for email channels. */
    emailAddresses: emailAddressesSchema.optional(),
    /** Only for webhook channels; the signing secret stays. */
    webhookUrl: webhookUrlSchema.optional(),
  })
  .strict()
  .refine(
    (input) => Object.keys(input).some((key) => key !== "id"),
    "give at least one of name, minSeverity, enabled, emailAddresses or webhookUrl to change",
  );
export type UpdateAlertChannelInput = z.infer<typeof updateAlertChannelInputSchema>;

export const alertChannelRefSchema = z.object({ id: idSchema }).strict();

export const listAlertChannelsInputSchema = pageInputSchema
  .extend({ kind: alertChannelKindSchema.optional() })
  .strict();
export type ListAlertChannelsInput = z.infer<typeof listAlertChannelsInputSchema>;

/** A channel as members see it; a webhook's signing secret is shown only by create and rotateSecret. */
export const alertChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: alertChannelKindSchema,
  emailAddresses: z.array(z.string()),
  webhookUrl: z.string().nullable(),
  minSeverity: alertSeveritySchema,
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertChannel = z.infer<typeof alertChannelSchema>;

/** A new channel with its webhook signing secret, shown this once (null for email channels). */
export const createdAlertChannelSchema = alertChannelSchema.extend({ signingSecret: z.string().nullable() });

export const alertChannelPageSchema = pageSchema(alertChannelSchema);

export const deletedAlertChannelSchema = z.object({ id: z.string() });

/** A webhook channel's new signing secret, shown this once; the old one stops working at once. */
export const rotatedAlertChannelSecretSchema = z.object({ id: z.string(), signingSecret: z.string() });

/** How a test notification went: delivered, or why not (the receiver's HTTP status when it answered). */
export const alertChannelTestResultSchema = z.object({
  delivered: z.boolean(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type AlertChannelTestResult = z.infer<typeof alertChannelTestResultSchema>;

/** What a notification announces: an alert firing, resolved, or a test sent from the channel's settings. */
export const alertNotificationTypeSchema = z.enum(["alert.raised", "alert.resolved", "alert.test"]);
export type AlertNotificationType = z.infer<typeof alertNotificationTypeSchema>;

/**
 * The JSON body a webhook receives (and an email describes). Its `x-cauldron-signature` header
 * signs the body exactly as sent; verify it before trusting anything here.
 */
export const alertNotificationSchema = z.object({
  type: alertNotificationTypeSchema,
  /** Same as the `x-cauldron-delivery` header; a retried delivery keeps it, so receivers can drop repeats. */
  deliveryId: z.guid(),
  occurredAt: z.iso.datetime({ offset: true }),
  alert: z.object({
    id: z.guid(),
    organizationId: z.guid(),
    time: z.iso.datetime({ offset: true }),
    severity: alertSeveritySchema,
    status: alertStatusSchema,
    title: z.string(),
    description: z.string().nullable(),
    alertType: z.string(),
    source: z.string(),
    ruleId: z.guid().nullable(),
    labels: z.record(z.string(), z.string()),
    resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  }),
});
export type AlertNotification = z.infer<typeof alertNotificationSchema>;

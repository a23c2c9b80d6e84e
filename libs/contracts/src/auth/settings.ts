import { z } from "zod";
import { SETTING_KEYS, settingValueSchemas as values, type SettingKey } from "../common/settings";

/** Keys a user may override for themself (security policy stays with the system and organizations). */
export const USER_SETTING_KEYS = ["locale", "timezone", "theme", "notifications.email"] as const;
export type UserSettingKey = (typeof USER_SETTING_KEYS)[number];

export const SYSTEM_SETTING_KEYS: SystemSettingKey[] = SETTING_KEYS;
export type SystemSettingKey = SettingKey;

/** `value: null` removes the user's override, so the organization or system value applies again. */
export const setUserSettingInputSchema = z.discriminatedUnion(
  "key",
  [
    z.object({ key: z.literal("locale"), value: values.locale.nullable() }),
    z.object({ key: z.literal("timezone"), value: values.timezone.nullable() }),
    z.object({ key: z.literal("theme"), value: values.theme.nullable() }),
    z.object({ key: z.literal("notifications.email"), value: values["notifications.email"].nullable() }),
  ],
  { error: `key must be one of ${USER_SETTING_KEYS.join(", ")}` },
);

export const setSystemSettingInputSchema = z.discriminatedUnion(
  "key",
  [
    z.object({ key: z.literal("locale"), value: values.locale }),
    z.object({ key: z.literal("timezone"), value: values.timezone }),
    z.object({ key: z.literal("theme"), value: values.theme }),
    z.object({ key: z.literal("notifications.email"), value: values["notifications.email"] }),
    z.object({ key: z.literal("security.mfa_required"), value: values["security.mfa_required"] }),
  ],
  { error: `key must be one of ${SYSTEM_SETTING_KEYS.join(", ")}` },
);

export const effectiveUserSettingsInputSchema = z
  .object({ organizationId: z.guid("must be an organization id").optional() })
  .default({});

/** A user's own override. */
export const userSettingSchema = z.object({ key: z.string(), value: z.json(), updatedAt: z.date() });

/** A setting as it applies to the user, and which level it comes from. */
export const effectiveUserSettingSchema = z.object({
  key: z.string(),
  value: z.json(),
  source: z.enum(["system", "organization", "user"]),
});

export const systemSettingSchema = z.object({
  key: z.string(),
  value: z.json(),
  description: z.string().nullable(),
  updatedAt: z.date(),
});

export type SetUserSettingInput = z.infer<typeof setUserSettingInputSchema>;
export type SetSystemSettingInput = z.infer<typeof setSystemSettingInputSchema>;

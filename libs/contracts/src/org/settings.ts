import { z } from "zod";
import { SETTING_KEYS, settingValueSchemas, type SettingKey } from "../common/settings";

// An organization may override every setting, security policy included.
export type OrganizationSettingKey = SettingKey;

/** The value type of each organization setting, by key. */
export type OrganizationSettingValues = {
  [K in OrganizationSettingKey]: z.infer<(typeof settingValueSchemas)[K]>;
};

export const ORGANIZATION_SETTING_KEYS: OrganizationSettingKey[] = SETTING_KEYS;

export const organizationSettingKeySchema = z.enum(
  ORGANIZATION_SETTING_KEYS as [OrganizationSettingKey, ...OrganizationSettingKey[]],
  {
    error: `key must be one of ${ORGANIZATION_SETTING_KEYS.join(", ")}`,
  },
);

export const setOrganizationSettingInputSchema = z.discriminatedUnion("key", [
  z.object({ key: z.literal("locale"), value: settingValueSchemas.locale }),
  z.object({ key: z.literal("timezone"), value: settingValueSchemas.timezone }),
  z.object({ key: z.literal("theme"), value: settingValueSchemas.theme }),
  z.object({ key: z.literal("notifications.email"), value: settingValueSchemas["notifications.email"] }),
  z.object({ key: z.literal("security.mfa_required"), value: settingValueSchemas["security.mfa_required"] }),
]);

export const settingKeyInputSchema = z.object({ key: organizationSettingKeySchema });

export const effectiveSettingsInputSchema = z
  .object({
    keys: z
      .array(organizationSettingKeySchema)
      .min(1)
      .max(ORGANIZATION_SETTING_KEYS.length, `name at most the ${ORGANIZATION_SETTING_KEYS.length} setting keys`)
      .optional(),
  })
  .default({});

/** A value the organization set, overriding the system default. */
export const organizationSettingSchema = z.object({
  key: organizationSettingKeySchema,
  value: z.json(),
  updatedByUserId: z.string().nullable(),
  updatedAt: z.date(),
});

/** The value in force for the organization and where it comes from. */
export const effectiveSettingSchema = z.object({
  key: organizationSettingKeySchema,
  value: z.json(),
  source: z.enum(["system", "organization"]),
});

export type SetOrganizationSettingInput = z.infer<typeof setOrganizationSettingInputSchema>;
export type OrganizationSetting = z.infer<typeof organizationSettingSchema>;
export type EffectiveSetting = z.infer<typeof effectiveSettingSchema>;

import { z } from "zod";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/**
 * Every setting an organization may override, with the type of its value. The keys match
 * admin.system_settings, which holds the system-wide default of each.
 */
export const organizationSettingSchemas = {
  locale: z.string().max(35).refine(isLocale, "locale must be a BCP 47 language tag such as en or de-CH"),
  timezone: z.string().max(64).refine(isTimeZone, "timezone must be an IANA time zone such as Europe/Berlin"),
  theme: z.enum(["light", "dark", "system"], { error: "theme must be light, dark or system" }),
  "notifications.email": z.boolean({ error: "notifications.email must be true or false" }),
  "security.mfa_required": z.boolean({ error: "security.mfa_required must be true or false" }),
} as const;

export type OrganizationSettingKey = keyof typeof organizationSettingSchemas;

/** The value type of each organization setting, by key. */
export type OrganizationSettingValues = {
  [K in OrganizationSettingKey]: z.infer<(typeof organizationSettingSchemas)[K]>;
};

export const ORGANIZATION_SETTING_KEYS = Object.keys(organizationSettingSchemas) as OrganizationSettingKey[];

export const organizationSettingKeySchema = z.enum(ORGANIZATION_SETTING_KEYS as [OrganizationSettingKey, ...OrganizationSettingKey[]], {
  error: `key must be one of ${ORGANIZATION_SETTING_KEYS.join(", ")}`,
});

export const setOrganizationSettingInputSchema = z.discriminatedUnion("key", [
  z.object({ key: z.literal("locale"), value: organizationSettingSchemas.locale }),
  z.object({ key: z.literal("timezone"), value: organizationSettingSchemas.timezone }),
  z.object({ key: z.literal("theme"), value: organizationSettingSchemas.theme }),
  z.object({ key: z.literal("notifications.email"), value: organizationSettingSchemas["notifications.email"] }),
  z.object({ key: z.literal("security.mfa_required"), value: organizationSettingSchemas["security.mfa_required"] }),
]);

export const settingKeyInputSchema = z.object({ key: organizationSettingKeySchema });

export const effectiveSettingsInputSchema = z
  .object({ keys: z.array(organizationSettingKeySchema).min(1).optional() })
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

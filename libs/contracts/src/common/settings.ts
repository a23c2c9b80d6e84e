import { z } from "zod";
import { isLocale, isTimeZone } from "./locale";

/**
 * Every setting with the type of its value, one registry for the system, organization and user
 * levels. The keys match admin.system_settings, which holds the system-wide default of each.
 */
export const settingValueSchemas = {
  locale: z.string().max(35).refine(isLocale, "locale must be a BCP 47 language tag such as en or de-CH"),
  timezone: z.string().max(64).refine(isTimeZone, "timezone must be an IANA time zone such as Europe/Berlin"),
  theme: z.enum(["light", "dark", "system"], { error: "theme must be light, dark or system" }),
  "notifications.email": z.boolean({ error: "notifications.email must be true or false" }),
  "security.mfa_required": z.boolean({ error: "security.mfa_required must be true or false" }),
} as const;

export type SettingKey = keyof typeof settingValueSchemas;

/** Every setting key, in registry order. */
export const SETTING_KEYS = Object.keys(settingValueSchemas) as SettingKey[];

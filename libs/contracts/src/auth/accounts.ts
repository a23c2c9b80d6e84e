import { z } from "zod";
import { isLocale, isTimeZone } from "../common/locale";
import { webUrlSchema } from "../common/web-url";

/** An email address as users type it; the service compares addresses case-insensitively. */
export const emailSchema = z
  .email("must be an email address such as ada@example.com")
  .max(254, "must be at most 254 characters");

/** OWASP length policy: long enough to resist guessing, long enough for passphrases, no composition rules. */
export const newPasswordSchema = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(128, "must be at most 128 characters");

export const signUpInputSchema = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    displayName: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  })
  .refine((input) => input.password.toLowerCase() !== input.email.toLowerCase(), {
    path: ["password"],
    message: "must not be your email address",
  });

// No policy on sign-in: an old password may predate the current rules.
export const signInInputSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "enter your password").max(1024, "must be at most 1024 characters"),
});

export const refreshInputSchema = z.object({
  refreshToken: z.string().min(1, "send the refresh token you were given").max(256, "is not a refresh token"),
});

/** What a sign-in, sign-up, refresh or step-up returns: a short-lived access JWT and a refresh token. */
export const authSessionSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  expiresAt: z.date(),
  refreshToken: z.string(),
  sessionId: z.string(),
  aal: z.enum(["aal1", "aal2"]),
  user: z.object({ id: z.string(), email: z.string() }),
});

/**
 * What sign-up answers. With email confirmation on (the production default) it is always
 * `check_email`, whether or not the address already has an account, and no session: the new user
 * confirms through the emailed link and then signs in. With it off (local development) a new
 * account is signed in at once.
 */
export const signUpResultSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("signed_in"), session: authSessionSchema }),
  z.object({ status: z.literal("check_email") }),
]);

export const profileUpdateInputSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable(),
    fullName: z.string().trim().max(200).nullable(),
    avatarUrl: webUrlSchema("must be an http:// or https:// URL", 2048).nullable(),
    bio: z.string().max(2000, "must be at most 2000 characters").nullable(),
    jobTitle: z.string().max(200).nullable(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{4,32}$/, "must be a phone number such as +41 44 123 45 67")
      .nullable(),
    timezone: z.string().max(64).refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin"),
    locale: z.string().max(35).refine(isLocale, "must be a BCP 47 language tag such as en or de-CH"),
  })
  .partial()
  .refine((input) => Object.keys(input).length > 0, "change at least one field");

export const passwordChangeInputSchema = z.object({
  currentPassword: z.string().min(1, "enter your current password").max(1024),
  newPassword: newPasswordSchema,
});

export const passwordRequestResetInputSchema = z.object({ email: emailSchema });

/** Single-use tokens sent by email (reset, confirmation). */
export const emailedTokenSchema = z.string().min(20, "is not a valid link token").max(128, "is not a valid link token");

export const passwordResetInputSchema = z.object({ token: emailedTokenSchema, newPassword: newPasswordSchema });

export const emailConfirmInputSchema = z.object({ token: emailedTokenSchema });

export type SignUpInput = z.infer<typeof signUpInputSchema>;
export type SignInInput = z.infer<typeof signInInputSchema>;
export type AuthSession = z.infer<typeof authSessionSchema>;
export type SignUpResult = z.infer<typeof signUpResultSchema>;
export type ProfileUpdateInput = z.infer<typeof profileUpdateInputSchema>;

import { z } from "zod";

export const totpCodeSchema = z.string().regex(/^\d{6}$/, "must be the 6-digit code from your authenticator app");

export const mfaEnrollmentSchema = z.object({
  /** Base32 secret for manual entry. */
  secret: z.string(),
  /** otpauth:// URI to show as a QR code. */
  otpauthUri: z.string(),
});

export const mfaVerifyInputSchema = z.union(
  [
    z.object({ code: totpCodeSchema }).strict(),
    z.object({ recoveryCode: z.string().min(8, "is not a recovery code").max(32, "is not a recovery code") }).strict(),
  ],
  { error: "send either code (6 digits) or recoveryCode" },
);

export const mfaVerifyResultSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int().positive(),
  aal: z.literal("aal2"),
  /** Present only when verification completed enrolment: store them, they are shown once. */
  recoveryCodes: z.array(z.string()).optional(),
});

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

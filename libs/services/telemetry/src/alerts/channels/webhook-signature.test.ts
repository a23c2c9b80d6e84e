import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSigningSecret, signWebhookBody, verifyWebhookSignature } from "./webhook-signature";

const secret = "whsec_test-secret-for-signatures";
const body = JSON.stringify({ type: "alert.raised", alert: { title: "CPU above 90%" } });
const sentAt = new Date("2026-03-01T12:00:00Z");

describe("webhook signatures", () => {
  it("signs `<t>.<body>` with HMAC-SHA256 of the secret, as receivers recompute it", () => {
    const header = signWebhookBody(secret, body, sentAt);
    const t = sentAt.getTime() / 1000;
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifyWebhookSignature({ secret, body, header, now: sentAt })).toEqual({ valid: true });
  });

  it("accepts a signature within the tolerance window and refuses one outside it, either way", () => {
    const header = signWebhookBody(secret, body, sentAt);
    const at = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);
    expect(verifyWebhookSignature({ secret, body, header, now: at(300) }).valid).toBe(true);
    expect(verifyWebhookSignature({ secret, body, header, now: at(-300) }).valid).toBe(true);
    expect(verifyWebhookSignature({ secret, body, header, now: at(301) })).toEqual({ valid: false, reason: "expired" });
    expect(verifyWebhookSignature({ secret, body, header, now: at(-301) })).toEqual({
      valid: false,
      reason: "expired",
    });
    expect(verifyWebhookSignature({ secret, body, header, now: at(900), toleranceSeconds: 1_000 }).valid).toBe(true);
  });

  it("refuses a tampered body, a moved timestamp and another secret", () => {
    const header = signWebhookBody(secret, body, sentAt);
    const now = sentAt;
    expect(verifyWebhookSignature({ secret, body: body.replace("90", "10"), header, now })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    const moved = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`);
    expect(verifyWebhookSignature({ secret, body, header: moved, now })).toEqual({ valid: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ secret: generateSigningSecret(), body, header, now })).toEqual({
      valid: false,
      reason: "mismatch",
    });
  });

  it("accepts any one matching v1 among several, as while a receiver rolls its secret", () => {
    const header = signWebhookBody(secret, body, sentAt);
    const [t, v1] = header.split(",");
    const withOther = `${t},v1=${"0".repeat(64)},${v1}`;
    expect(verifyWebhookSignature({ secret, body, header: withOther, now: sentAt }).valid).toBe(true);
  });

  it("refuses a missing or malformed header", () => {
    const now = sentAt;
    for (const header of [undefined, "", "t=1", "v1=abc", "t=abc,v1=" + "0".repeat(64), "t=1,v1=xyz", "t=1=2,v1=00"]) {
      expect(verifyWebhookSignature({ secret, body, header, now }), String(header)).toEqual({
        valid: false,
        reason: "malformed",
      });
    }
  });

  it("generates secrets with the whsec_ prefix and 32 random bytes", () => {
    const first = generateSigningSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.slice("whsec_".length), "base64url")).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(first);
  });
});

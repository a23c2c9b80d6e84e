/** What a token's registered claims must say to be accepted here. */
export interface ClaimExpectations {
  issuer: string;
  audience: string;
  /** Claims that must be present besides `iss`, `aud` and `exp`. */
  required: readonly string[];
}

const TIME_CLAIMS = ["iat", "nbf", "exp"] as const;

function refuse(reason: string): never {
  throw new Error(`the token's claims are refused: ${reason}`);
}

/**
 * Checks the registered claims of a token whose signature verified: present when required, issued
 * by `issuer` for `audience` (one of its audiences), its times finite numbers, valid from `nbf`
 * and expired at `exp` exactly (no clock tolerance), as of `nowSeconds`.
 */
export function checkRegisteredClaims(
  claims: Record<string, unknown>,
  expected: ClaimExpectations,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): void {
  for (const claim of ["iss", "aud", "exp", ...expected.required]) {
    if (!Object.hasOwn(claims, claim)) refuse(`"${claim}" is missing`);
  }
  if (claims.iss !== expected.issuer) refuse(`"iss" names another issuer`);
  const audience = claims.aud;
  const addressed = Array.isArray(audience) ? audience.includes(expected.audience) : audience === expected.audience;
  if (!addressed) refuse(`"aud" names other audiences`);
  for (const claim of TIME_CLAIMS) {
    const value = claims[claim];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
      refuse(`"${claim}" is not a number of seconds`);
    }
  }
  if (typeof claims.nbf === "number" && claims.nbf > nowSeconds) refuse(`"nbf" is still in the future`);
  if ((claims.exp as number) <= nowSeconds) refuse(`"exp" has passed`);
}

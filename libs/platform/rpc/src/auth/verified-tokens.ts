import type { VerificationKey } from "./signature-check";

/** A token that passed every check, with what it takes to accept it again without its signature check. */
export interface VerifiedToken<T> {
  /** What the verifier answered for it. */
  answer: T;
  /** Its `exp`: from then on it is refused as before. */
  expiresAt: number;
  /** Its `nbf`, if any: before then (a clock set back) it is checked afresh, and refused. */
  notBefore?: number;
  /** The key that verified it; it is accepted again only while the key set still resolves this key. */
  key: VerificationKey;
}

/** Tokens verified recently, so a client presenting the same token again skips the signature check. */
export interface VerifiedTokens<T> {
  /** The verified token if it is held and valid (not expired, not before `nbf`) as of `nowSeconds`. */
  recall(token: string, nowSeconds: number): VerifiedToken<T> | undefined;
  remember(token: string, verified: VerifiedToken<T>): void;
}

/**
 * Remembers at most `capacity` verified tokens, keyed by the whole token, so only the exact bytes
 * whose signature verified are recalled; the oldest entry goes first when it is full. Only tokens
 * that passed every check enter, so a client cannot fill it with tokens of its own making.
 */
export function createVerifiedTokens<T>(capacity: number): VerifiedTokens<T> {
  const held = new Map<string, VerifiedToken<T>>();
  return {
    recall(token, nowSeconds) {
      const verified = held.get(token);
      if (!verified) return undefined;
      if (verified.expiresAt <= nowSeconds) {
        held.delete(token);
        return undefined;
      }
      return verified.notBefore !== undefined && verified.notBefore > nowSeconds ? undefined : verified;
    },
    remember(token, verified) {
      if (held.size >= capacity && !held.has(token)) {
        const oldest = held.keys().next();
        if (!oldest.done) held.delete(oldest.value);
      }
      held.set(token, verified);
    },
  };
}

import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

export interface RemoteKeySetOptions {
  /** Where the keys are published (a JWKS document). */
  url: URL;
  /** How long fetched keys are used before they are fetched again; default 10 minutes. */
  maxAgeMs?: number;
  /** The least time between two fetches that an unknown kid or a failed fetch may cause; default 30 s. */
  cooldownMs?: number;
  /** How long one fetch may take; default 5 s. */
  timeoutMs?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * A published key set, fetched on first use and cached. A token naming a kid the cache lacks
 * (a key rotated in) reloads it, with every concurrent request sharing that one fetch; after any
 * fetch, success or failure, the next one that a kid or an error causes waits out the cooldown,
 * so a storm of made-up kids or an unreachable publisher costs one fetch per cooldown, not one per
 * request. When a refresh fails, the keys already held keep working.
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): JWTVerifyGetKey {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  let keys: LocalKeySet | null = null;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  // Bumped on every successful fetch, so a request can tell whether the keys changed under it.
  let generation = 0;
  let pending: Promise<void> | null = null;

  const coolingDown = () => now() - attemptedAt < cooldownMs;
  const reload = (): Promise<void> => {
    pending ??= (async () => {
      attemptedAt = now();
      try {
        keys = createLocalJWKSet(await fetchKeySet(options.url, timeoutMs));
        fetchedAt = now();
        generation += 1;
      } finally {
        pending = null;
      }
    })();
    return pending;
  };
  // Waits for the fetch in flight, or starts one unless a recent fetch forbids it; false when neither.
  const refresh = async (): Promise<boolean> => {
    if (!pending && coolingDown()) return false;
    await (pending ?? reload());
    return true;
  };

  return async (header, token) => {
    if (!keys) {
      if (!(await refresh()))
        throw new errors.JWKSNoMatchingKey("the signing keys could not be fetched; try again shortly");
    } else if (now() - fetchedAt >= maxAgeMs) {
      await refresh().catch(() => undefined);
    }
    const seen = generation;
    try {
      return await keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (generation === seen && !(await refresh().catch(() => false))) throw error;
      return keys!(header, token);
    }
  };
}

async function fetchKeySet(url: URL, timeoutMs: number): Promise<JSONWebKeySet> {
  const response = await fetch(url, {
    headers: { accept: "application/jwk-set+json, application/json" },
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) throw new Error(`the key set at ${url.href} answered HTTP ${response.status}`);
  return (await response.json()) as JSONWebKeySet;
}

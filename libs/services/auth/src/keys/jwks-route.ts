import type { Express } from "express";
import type { Logger } from "pino";
import type { SigningKeyRing } from "./signing-key-ring";

/** Publishes the public signing keys at /.well-known/jwks.json for every service to verify tokens locally. */
export function mountJwksRoute(app: Express, keys: SigningKeyRing, logger: Logger): void {
  app.get("/.well-known/jwks.json", async (_req, res) => {
    try {
      const jwks = await keys.jwks();
      // Short enough that a rotation reaches verifiers quickly; they also refetch on an unknown kid.
      res.setHeader("cache-control", "public, max-age=60");
      res.json(jwks);
    } catch (error) {
      logger.error({ err: error }, "could not load the signing keys");
      res.status(503).json({ error: "Signing keys are unavailable" });
    }
  });
}

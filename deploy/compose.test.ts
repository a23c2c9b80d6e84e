import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const DEPLOY = fileURLToPath(new URL("./", import.meta.url));
const SERVICES = { auth: 4101, org: 4102, lore: 4103, vector: 4104, telemetry: 4105, storage: 4106 } as const;
const SECRET_LOOKING = /PASSWORD|SECRET|TOKEN|PRIVATE|SIGNING|ENCRYPTION|CREDENTIAL/;
/** A ${VAR} interpolation that stops compose when VAR is missing, or an explicitly optional ${VAR:-}. */
const REQUIRED_VAR = /^\$\{([A-Z_]+):\?[^}]+\}$/;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}

// Compose resolves YAML merge keys (<<), so parse with them.
const compose = parse(readFileSync(`${DEPLOY}compose.yaml`, "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const envExample = readFileSync(`${DEPLOY}.env.example`, "utf8");

describe("deploy/compose.yaml", () => {
  it("runs the six services from the one image, each with its SERVICE, PORT and published port", () => {
    for (const [name, port] of Object.entries(SERVICES)) {
      const service = compose.services[name] as ComposeService;
      expect(service.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile" });
      expect(service.environment).toMatchObject({ SERVICE: name, PORT: String(port), NODE_ENV: "production" });
      expect(service.ports).toEqual([`\${CAULDRON_BIND_ADDRESS:-127.0.0.1}:${port}:${port}`]);
      expect(service.read_only).toBe(true);
      expect(service.cap_drop).toEqual(["ALL"]);
    }
  });

  it("starts services only after Postgres and Redis are healthy and the migrations succeeded", () => {
    for (const name of Object.keys(SERVICES)) {
      expect(compose.services[name]?.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      });
      expect(compose.services[name]?.healthcheck?.test.join(" ")).toContain("/readyz");
    }
    expect(compose.services.migrate?.command).toEqual(["node", "--enable-source-maps", "/app/dist/migrate.mjs", "up"]);
    expect(compose.services.migrate?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.redis?.healthcheck).toBeDefined();
  });

  it("takes every credential from deploy/.env, never from the file itself", () => {
    const required = new Set<string>();
    for (const [serviceName, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const where = `${serviceName}.${key}`;
        if (SECRET_LOOKING.test(key)) {
          expect(value, where).toMatch(/^\$\{[A-Z][A-Z0-9_]*:[?-][^}]*\}$/);
        }
        for (const match of String(value).matchAll(/:\/\/[^@\s]*:([^@\s]+)@/g)) {
          expect(match[1], `${where} carries a literal password`).toMatch(REQUIRED_VAR);
        }
        for (const match of String(value).matchAll(/\$\{([A-Z_]+):\?/g)) required.add(match[1] as string);
      }
    }
    expect(required.size).toBeGreaterThan(4);
    for (const name of required) expect(envExample, `${name} in .env.example`).toMatch(new RegExp(`^${name}=$`, "m"));
  });

  it("builds Postgres with pgvector, pgRouting and PostGIS, and the bootstrap SQL", () => {
    expect(compose.services.postgres?.build).toEqual({ context: "postgres" });
    const dockerfile = readFileSync(`${DEPLOY}postgres/Dockerfile`, "utf8");
    expect(dockerfile).toMatch(/^FROM postgis\/postgis:15-/m);
    expect(dockerfile).toContain("postgresql-15-pgvector postgresql-15-pgrouting");
    const bootstrap = readFileSync(`${DEPLOY}postgres/bootstrap.sql`, "utf8");
    for (const extension of ['"uuid-ossp"', "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"]) {
      expect(bootstrap).toContain(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    }
    expect(bootstrap).toMatch(/ALTER ROLE cauldron_app LOGIN NOSUPERUSER NOBYPASSRLS/);
  });
});

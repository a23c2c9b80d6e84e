import { ConfigError } from "@cauldron/config";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineService } from "./service-definition";
import { checkServiceEnvironment, serviceVariables } from "./service-environment";
import { router } from "./trpc";

const ingestEnv = z.object({ LORE_INGEST_MAX_BYTES: z.coerce.number().int().positive().default(1024) });
const mailEnv = z
  .object({ MAIL_FROM: z.email().optional() })
  .transform((env) => ({ ...env, from: env.MAIL_FROM ?? "local@example.test" }));

const declaringService = defineService({
  name: "lore",
  environment: [ingestEnv, mailEnv],
  createRouter: () => router({}),
});

describe("a service's declared environment", () => {
  it("lists the platform's variables and every variable of each schema the service declares", () => {
    const variables = serviceVariables(declaringService);
    expect(variables).toEqual(
      expect.arrayContaining(["DATABASE_URL", "PORT", "VECTOR_SERVICE_URL", "SUPABASE_JWT_SECRET"]),
    );
    expect(variables).toEqual(expect.arrayContaining(["LORE_INGEST_MAX_BYTES", "MAIL_FROM"]));
    expect(new Set(variables).size).toBe(variables.length);
  });

  it("names every bad variable of every declared schema in one error", () => {
    let thrown: unknown;
    try {
      checkServiceEnvironment(declaringService, { LORE_INGEST_MAX_BYTES: "lots", MAIL_FROM: "nobody" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual([
      "LORE_INGEST_MAX_BYTES",
      "MAIL_FROM",
    ]);
    expect(() => checkServiceEnvironment(declaringService, {})).not.toThrow();
  });
});

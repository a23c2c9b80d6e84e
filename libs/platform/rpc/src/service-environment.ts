import { ConfigError, loadConfig, platformEnvSchema } from "@cauldron/config";
import { z } from "zod";
import { authenticationEnvSchema } from "./auth/platform-authenticators";
import type { ServiceDefinition } from "./service-definition";

/** Variables of every service: the platform's, the listening port, and the token verifiers'. */
const PLATFORM_VARIABLES = [
  ...Object.keys(platformEnvSchema.shape),
  "PORT",
  ...Object.keys(authenticationEnvSchema.shape),
];

// A config schema is an object, possibly piped through a transform (resolving defaults from each other).
function variablesOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return variablesOf(schema.in as z.ZodType);
  throw new Error("a service's environment schema must be a zod object (optionally piped through a transform)");
}

/** Every environment variable a service reads: the platform's and those it declares itself. */
export function serviceVariables(definition: ServiceDefinition): string[] {
  const own = (definition.environment ?? []).flatMap(variablesOf);
  return [...new Set([...PLATFORM_VARIABLES, ...own])];
}

/** Validates the variables a service declares, naming every bad one of every schema in one error. */
export function checkServiceEnvironment(
  definition: ServiceDefinition,
  environment: Record<string, string | undefined>,
): void {
  const issues = (definition.environment ?? []).flatMap((schema) => {
    try {
      loadConfig(schema, environment);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.issues;
      throw error;
    }
  });
  const unique = issues.filter(
    (issue, index) => issues.findIndex((other) => other.variable === issue.variable) === index,
  );
  if (unique.length > 0) throw new ConfigError(unique);
}

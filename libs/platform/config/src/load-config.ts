import { z } from "zod";

/** Thrown when the environment does not satisfy a service's config schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super("Invalid configuration:\n" + issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

// Orchestrators often pass optional settings as empty strings; an empty value means "not set".
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

/** Parses environment variables through a zod schema, failing loudly with the variable names. */
export function loadConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): z.output<TSchema> {
  const parsed = schema.safeParse(withoutEmptyValues(env));
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => ({
      variable: issue.path.map(String).join(".") || "(environment)",
      message: issue.message,
    })),
  );
}

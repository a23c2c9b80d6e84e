import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface AdminCredentials {
  email: string;
  password: string;
}

/**
 * The local admin's sign-in: CAULDRON_ADMIN_EMAIL / CAULDRON_ADMIN_PASSWORD when set, otherwise a
 * password generated on first start and kept (mode 600) in the git-ignored data folder.
 */
export function resolveAdminCredentials(file: string, env: NodeJS.ProcessEnv = process.env): AdminCredentials {
  const email = env.CAULDRON_ADMIN_EMAIL ?? "admin@cauldron.local";
  if (env.CAULDRON_ADMIN_PASSWORD) return { email, password: env.CAULDRON_ADMIN_PASSWORD };
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as AdminCredentials;
    if (saved.email === email) return saved;
  }
  const credentials = { email, password: randomBytes(18).toString("base64url") };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

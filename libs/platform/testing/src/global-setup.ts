import { ensureTemplateDatabase, TEMPLATE_DATABASE_ENV } from "./test-database";

/** vitest globalSetup: builds the migrated template once per migration change, for every test file to clone. */
export default async function setup(): Promise<void> {
  const { name, builtMs } = await ensureTemplateDatabase();
  if (builtMs !== null) console.info(`[cauldron] built test template ${name} in ${builtMs} ms`);
  // Workers are forked after global setup and inherit this.
  process.env[TEMPLATE_DATABASE_ENV] = name;
}

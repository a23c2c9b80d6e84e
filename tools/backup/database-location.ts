/** Which database a backup reads or a restore replaces, reached through a role that sees every row. */
export interface DatabaseLocation {
  /** A superuser (or BYPASSRLS role that may read every table) of the server, any database. */
  adminUrl: string;
  /** The database's name on that server. */
  database: string;
}

/** The location of the database another URL names (its path), reached through adminUrl. */
export function databaseLocationOf(adminUrl: string, databaseUrl: string): DatabaseLocation {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (database === "") throw new Error(`${redactedUrl(databaseUrl)} names no database`);
  return { adminUrl, database };
}

/** The admin URL pointed at another database of the same server. */
export function adminUrlFor(location: DatabaseLocation, database = location.database): string {
  const url = new URL(location.adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A URL safe to print: its password masked. */
export function redactedUrl(value: string): string {
  const url = new URL(value);
  if (url.password !== "") url.password = "***";
  return url.toString();
}

/**
 * How pg_dump and pg_restore reach the database: the URL without its password, which goes in
 * PGPASSWORD instead, so it never shows in the process list.
 */
export function libpqConnection(location: DatabaseLocation): { dbname: string; env: Record<string, string> } {
  const url = new URL(adminUrlFor(location));
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: password === "" ? {} : { PGPASSWORD: password } };
}

/** Quotes a name for SQL text (DDL names cannot be bound as parameters). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A throwaway cluster of its own: the script changes cluster-wide roles, which the shared local
// stack must not see. The binaries and extensions are the ones tools/stack installs.
const BIN = "/usr/lib/postgresql/15/bin";
const SCRIPT = fileURLToPath(new URL("./bootstrap.sql", import.meta.url));
// The server listens on a Unix socket in its own directory only, so the port merely names the socket.
const port = "5432";

let dir: string;
const asRoot = userInfo().uid === 0;

/** Runs a PostgreSQL server binary as the postgres user (the server refuses to run as root). */
function asPostgres(binary: string, args: string[]): string {
  const command = [path.join(BIN, binary), ...args];
  if (asRoot) command.unshift("runuser", "-u", "postgres", "--");
  return execFileSync(command[0] as string, command.slice(1), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function bootstrap(): string {
  return execFileSync(
    path.join(BIN, "psql"),
    [
      ...["-X", "-q", "-h", dir, "-p", port, "-U", "postgres", "-d", "postgres"],
      ...["-v", "owner_password=owner-secret", "-v", "app_password=app-secret", "-f", SCRIPT],
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}

async function query<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ host: dir, port: Number(port), user: "postgres", database });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cauldron-bootstrap-"));
  chmodSync(dir, 0o755);
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), 0);
  console.info(`[bootstrap] throwaway PostgreSQL 15 cluster in ${dir}`);
  asPostgres("initdb", ["-D", path.join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off`;
  asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-w", "-l", path.join(dir, "log"), "-o", options, "start"]);
}, 120_000);

afterAll(() => {
  if (!dir) return;
  try {
    asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("deploy/postgres/bootstrap.sql", () => {
  it("creates the roles (the owner without CREATEROLE), the database and every extension, and can run again", async () => {
    bootstrap();
    bootstrap();
    const roles = await query<{
      rolname: string;
      rolcanlogin: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      rolinherit: boolean;
      has_password: boolean;
    }>(
      "postgres",
      `select rolname, rolcanlogin, rolbypassrls, rolcreaterole, rolinherit, rolpassword is not null as has_password
       from pg_authid where rolname like 'cauldron%' order by rolname`,
    );
    expect(roles).toEqual([
      {
        rolname: "cauldron_app",
        rolcanlogin: true,
        rolbypassrls: false,
        rolcreaterole: false,
        rolinherit: false,
        has_password: true,
      },
      {
        rolname: "cauldron_owner",
        rolcanlogin: true,
        rolbypassrls: false,
        rolcreaterole: false,
        rolinherit: true,
        has_password: true,
      },
      {
        rolname: "cauldron_system",
        rolcanlogin: false,
        rolbypassrls: true,
        rolcreaterole: false,
        rolinherit: true,
        has_password: false,
      },
    ]);
    const [membership] = await query<{ app: boolean; owner: boolean }>(
      "postgres",
      `select pg_has_role('cauldron_app', 'cauldron_system', 'MEMBER') as app,
              pg_has_role('cauldron_owner', 'cauldron_system', 'MEMBER') as owner`,
    );
    expect(membership).toEqual({ app: true, owner: true });
    const [owner] = await query<{ owner: string }>(
      "postgres",
      "select pg_get_userbyid(datdba) as owner from pg_database where datname = 'cauldron'",
    );
    expect(owner?.owner).toBe("cauldron_owner");
    const extensions = await query<{ extname: string }>(
      "cauldron",
      "select extname from pg_extension order by extname",
    );
    expect(extensions.map((e) => e.extname)).toEqual(
      expect.arrayContaining(["pg_trgm", "pgcrypto", "pgrouting", "postgis", "uuid-ossp", "vector"]),
    );
  }, 60_000);
});

import {
  admitToOrganization,
  findOrganizationByReference,
  openOrganizationWrite,
  principalOrganizationId,
  type OrganizationCaller,
  type RequestContextFactory,
} from "@cauldron/rpc";
import type { Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Kysely } from "kysely";

const MAX_REFERENCE_LENGTH = 200;

const notMember = () => new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization" });

/**
 * The request as the platform's authenticators read it: InfluxDB clients send `Token <token>`,
 * which is the same token as `Bearer <token>`; the organization header is read here, as an id or a slug.
 */
function authenticationView(req: IncomingMessage): IncomingMessage {
  const headers = { ...req.headers };
  const influxToken = /^Token\s+(\S+)$/i.exec(headers.authorization?.trim() ?? "");
  if (influxToken) headers.authorization = `Bearer ${influxToken[1]}`;
  delete headers["x-organization-id"];
  return Object.create(req, { headers: { value: headers } }) as IncomingMessage;
}

function headerReference(req: IncomingMessage): string | undefined {
  const header = req.headers["x-organization-id"];
  return Array.isArray(header) ? header.join(",") : header || undefined;
}

async function organizationOf(db: Kysely<Database>, reference: string | undefined): Promise<string> {
  if (reference === undefined) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        "Name the organization to write to (org= or x-organization-id, as its id or slug), or use a token bound to one",
    });
  }
  if (reference.length > MAX_REFERENCE_LENGTH) throw notMember();
  const organization = await findOrganizationByReference(db, reference);
  if (organization === undefined) throw notMember();
  return organization.id;
}

/**
 * Admits a protocol request as a writer of metrics: authenticated as tRPC calls are, in the
 * organization its token is bound to or else the one it names (`queryReference`, then the
 * x-organization-id header), holding metrics:write there, the organization not archived.
 */
export async function admitIngestWriter(
  req: IncomingMessage,
  res: ServerResponse,
  createContext: RequestContextFactory,
  queryReference: string | undefined,
): Promise<OrganizationCaller> {
  const context = await createContext(authenticationView(req), res);
  const principal = context.principal;
  if (!principal) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "Send an API token: Authorization: Token <token> or Bearer <token>",
    });
  }
  const organizationId =
    principalOrganizationId(principal) ?? (await organizationOf(context.db, queryReference ?? headerReference(req)));
  const caller = await admitToOrganization(context, principal, organizationId);
  if (!caller.can("metrics:write")) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This needs the metrics:write permission" });
  }
  await openOrganizationWrite({ ...context, organizationId, organizationArchived: caller.organizationArchived });
  return caller;
}

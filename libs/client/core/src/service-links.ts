import { httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { wireTransformer } from "@cauldron/contracts";
import { EventSource } from "eventsource";
import { loneOrBatchLink } from "./lone-or-batch-link";
import { nodeHttpFetch } from "./node-http-fetch";

type Resolvable<T> = T | (() => T | Promise<T>);

/** How a client reaches one service and who it calls as. */
export interface ServiceClientOptions {
  /** The service's base URL, e.g. http://127.0.0.1:4101 or https://api.example.com/auth */
  url: string;
  /** An access JWT, an API token, or a service token; resolved before every request. */
  token?: Resolvable<string | null | undefined>;
  /** The organization to act in; sent as x-organization-id. */
  organizationId?: Resolvable<string | null | undefined>;
  /** Extra headers, such as x-request-id for tracing. */
  headers?: Resolvable<Record<string, string>>;
  /**
   * How queries and mutations are sent: on Node, over node:http(s) with keep-alive sockets
   * (nodeHttpFetch); elsewhere, the global fetch. Pass a fetch to choose another.
   */
  fetch?: HttpLinkFetch;
}

type HttpLinkFetch = NonNullable<Parameters<typeof httpLink>[0]["fetch"]>;

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

async function resolve<T>(value: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof value === "function" ? (value as () => T | Promise<T>)() : value;
}

/** The request headers implied by the options. */
export async function requestHeaders(options: ServiceClientOptions): Promise<Record<string, string>> {
  const [token, organizationId, extra] = await Promise.all([
    resolve(options.token),
    resolve(options.organizationId),
    resolve(options.headers),
  ]);
  return {
    ...(extra ?? {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(organizationId ? { "x-organization-id": organizationId } : {}),
  };
}

/**
 * HTTP for queries and mutations (a call alone goes at once, calls made together as one batch),
 * server-sent events for subscriptions.
 */
export function createServiceLink<TRouter extends AnyTRPCRouter>(options: ServiceClientOptions): TRPCLink<TRouter> {
  return createAnyServiceLink(options) as TRPCLink<TRouter>;
}

// Links are router-agnostic at run time; typing them once here keeps the generics out of tRPC's options.
function createAnyServiceLink(options: ServiceClientOptions): TRPCLink<AnyTRPCRouter> {
  const url = `${options.url.replace(/\/+$/, "")}/trpc`;
  // Queries travel as POST like mutations, so an input is bounded by the body limit, not the URL's.
  const http = {
    url,
    transformer: wireTransformer,
    methodOverride: "POST" as const,
    headers: () => requestHeaders(options),
    fetch: options.fetch ?? (isNode ? nodeHttpFetch : undefined),
  };
  return splitLink<AnyTRPCRouter>({
    condition: (op) => op.type === "subscription",
    true: httpSubscriptionLink<AnyTRPCRouter, typeof EventSource>({
      url,
      transformer: wireTransformer,
      EventSource,
      // EventSource reconnects on its own (sending Last-Event-ID), so the headers are resolved per
      // connection: a reconnect presents the current token, not the one the stream started with.
      eventSourceOptions: {
        fetch: async (input: string | URL | Request, init?: RequestInit) => {
          const headers = { ...(init?.headers as Record<string, string>), ...(await requestHeaders(options)) };
          return fetch(input, { ...init, headers });
        },
      },
    }),
    false: loneOrBatchLink({ lone: httpLink(http), batch: httpBatchLink(http) }),
  });
}

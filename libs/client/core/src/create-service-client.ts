import { createTRPCClient } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { createServiceLink, type ServiceClientOptions } from "./service-links";

/** A typed tRPC client of one service router. */
export function createServiceClient<TRouter extends AnyTRPCRouter>(options: ServiceClientOptions) {
  return createTRPCClient<TRouter>({ links: [createServiceLink<TRouter>(options)] });
}

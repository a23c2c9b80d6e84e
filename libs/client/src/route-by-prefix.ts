import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";

function terminatingLinkExpected(): never {
  throw new Error("Every service link must end in a terminating link");
}

/**
 * Sends each operation to the link of the service its path starts with (`auth.me` → auth),
 * so one client spans every service while each keeps its own URL and batching.
 */
export function routeByPrefix<TRouter extends AnyTRPCRouter>(
  links: Record<string, TRPCLink<TRouter>>,
): TRPCLink<TRouter> {
  return (runtime) => {
    const initialized = Object.fromEntries(Object.entries(links).map(([prefix, link]) => [prefix, link(runtime)]));
    return ({ op }) =>
      observable((observer) => {
        const prefix = op.path.split(".")[0] ?? "";
        const operationLink = initialized[prefix];
        if (!operationLink) {
          observer.error(TRPCClientError.from(new Error(`No service serves "${op.path}"`)));
          return;
        }
        const subscription = operationLink({ op, next: terminatingLinkExpected }).subscribe(observer);
        return () => subscription.unsubscribe();
      });
  };
}

import type { OperationLink, TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";

type AnyOperationLink = OperationLink<AnyTRPCRouter>;
type LinkCall = Parameters<AnyOperationLink>[0];

interface Waiting {
  call: LinkCall;
  start(link: AnyOperationLink): void;
  cancelled: boolean;
}

/**
 * Sends a call issued alone as a request of its own, and calls issued together (in the same tick,
 * as `Promise.all` does) as one batch. tRPC's batch link waits for a timer before it sends even a
 * single call, which in Node.js is a millisecond or more: most of a sequential call's round trip
 * on a fast network. Which calls came together is known once the current task's microtasks have
 * run, and that is when they are sent.
 */
export function loneOrBatchLink(links: { lone: TRPCLink<AnyTRPCRouter>; batch: TRPCLink<AnyTRPCRouter> }) {
  const link: TRPCLink<AnyTRPCRouter> = (runtime) => {
    const lone = links.lone(runtime);
    const batch = links.batch(runtime);
    let waiting: Waiting[] = [];

    const dispatch = () => {
      const calls = waiting.filter((entry) => !entry.cancelled);
      waiting = [];
      const chosen = calls.length === 1 ? lone : batch;
      for (const entry of calls) entry.start(chosen);
    };

    return (call) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        const entry: Waiting = {
          call,
          cancelled: false,
          start(chosen) {
            // Nothing reaches the caller after it unsubscribed, and a query or mutation that has
            // its answer is not completed either: tRPC's client turns the completion of a call it
            // already resolved into an abort of the call's own controller, which builds a
            // DOMException (and its stack) for every call that succeeded. A call that ends
            // without an answer still completes, so its promise rejects instead of hanging.
            let answered = false;
            subscription = chosen(call).subscribe({
              next: (value) => {
                answered = call.op.type !== "subscription";
                if (!entry.cancelled) observer.next(value);
              },
              error: (error) => entry.cancelled || observer.error(error),
              complete: () => entry.cancelled || answered || observer.complete(),
            });
          },
        };
        if (waiting.length === 0) queueMicrotask(dispatch);
        waiting.push(entry);
        return () => {
          entry.cancelled = true;
          subscription?.unsubscribe();
        };
      });
  };
  return link;
}

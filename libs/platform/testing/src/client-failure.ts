import type { PlatformErrorData, PlatformErrorShape } from "@cauldron/rpc";
import { TRPCClientError } from "@trpc/client";

/** A failed typed-client call as its caller sees it: the message, the platform error data and the raw shape. */
export interface ClientFailure {
  message: string;
  data: PlatformErrorData;
  /** Undefined when the call never reached a server (e.g. a refused connection). */
  shape: PlatformErrorShape | undefined;
}

/** Awaits a call that must fail and returns its failure, to assert on its code and message. */
export async function failureOf(call: Promise<unknown>): Promise<ClientFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as ClientFailure;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The error code a call that must fail answered with. */
export async function codeOf(call: Promise<unknown>): Promise<PlatformErrorData["code"]> {
  return (await failureOf(call)).data.code;
}

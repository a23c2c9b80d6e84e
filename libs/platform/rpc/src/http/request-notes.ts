import type { ServerResponse } from "node:http";

/** What the kit learns about a request while serving it: its id, then who made it. */
interface RequestNote {
  requestId: string;
  principal: string | null;
}

// Kept beside the response object, whichever handler (tRPC or a plain route) serves the request.
const notes = new WeakMap<ServerResponse, RequestNote>();

/** Remembers the id the kit gave this request. */
export function noteRequestId(res: ServerResponse, requestId: string): void {
  notes.set(res, { requestId, principal: null });
}

/** The id the kit gave this request, if it went through the kit's observer. */
export function requestIdOf(res: ServerResponse): string | undefined {
  return notes.get(res)?.requestId;
}

/** Remembers who made this request, for its access-log line. */
export function notePrincipal(res: ServerResponse, principal: string): void {
  const note = notes.get(res);
  if (note) note.principal = principal;
}

/** Who made this request, as the access log names them. */
export function principalOf(res: ServerResponse): string {
  return notes.get(res)?.principal ?? "anonymous";
}

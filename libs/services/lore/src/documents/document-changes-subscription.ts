import {
  DOCUMENT_CHANGE_TYPES,
  documentChangeSchema,
  resumableSubscriptionInputSchema,
  type DocumentChange,
} from "@cauldron/contracts";
import type { AnyDomainEvent, RealtimeHub } from "@cauldron/events";
import { organizationSubscription, permittedProcedure, trackedStream } from "@cauldron/rpc";
import type { TrackedEnvelope } from "@trpc/server";
import { loadCallerDocumentAccess, maySeeDocument, type CallerDocumentAccess } from "./caller-document-access";
import type { TenantRunner } from "./documents-caller";

const CHANGE_TYPES = new Set<string>(DOCUMENT_CHANGE_TYPES);

// Team membership changes while a stream stays open; re-reading it this often bounds how long a
// caller removed from a team still hears of its documents.
const ACCESS_FRESH_FOR_MS = 5_000;

type DocumentChangeMessage = Exclude<DocumentChange, { type: "subscribed" | "reset" }>;

/** The change a document event becomes, before deciding whether the caller may see it; else null. */
function documentChangeOf(event: AnyDomainEvent): DocumentChangeMessage | null {
  if (!CHANGE_TYPES.has(event.type)) return null;
  // The type is one of DOCUMENT_CHANGE_TYPES, whose payloads the catalog already validated.
  const { type, id: eventId, occurredAt, payload } = event;
  return { type, eventId, occurredAt, payload } as DocumentChangeMessage;
}

/** The caller's document access, read again once it is older than ACCESS_FRESH_FOR_MS. */
function recentCallerAccess(tenant: TenantRunner): () => Promise<CallerDocumentAccess> {
  let cached: { access: CallerDocumentAccess; readAt: number } | null = null;
  return async () => {
    if (cached && Date.now() - cached.readAt < ACCESS_FRESH_FOR_MS) return cached.access;
    cached = { access: await tenant(loadCallerDocumentAccess), readAt: Date.now() };
    return cached.access;
  };
}

/** Passes markers through and the changes of documents the caller may see; drops the rest. */
async function* visibleChanges<TMessage extends { type: string }>(
  messages: AsyncIterable<TrackedEnvelope<TMessage>>,
  access: () => Promise<CallerDocumentAccess>,
): AsyncGenerator<TrackedEnvelope<TMessage>, void, undefined> {
  for await (const envelope of messages) {
    const message = envelope[1] as TMessage | DocumentChangeMessage;
    if (!("payload" in message) || maySeeDocument(await access(), message.payload.teamIds)) yield envelope;
  }
}

/**
 * lore.onDocumentChanged: documents of the active organization as they are created, changed,
 * given teams and deleted, over SSE, to callers who may see each document (its teams, or none,
 * include them, or they are an owner or admin). Resumes after `lastEventId`.
 */
export function createDocumentChangesProcedure(hub: RealtimeHub) {
  return permittedProcedure("documents:read")
    .input(resumableSubscriptionInputSchema)
    .output(trackedStream(documentChangeSchema))
    .subscription(({ ctx, input, signal }) =>
      visibleChanges(
        organizationSubscription({
          hub,
          organizationId: ctx.organizationId,
          principal: ctx.principal,
          lastEventId: input.lastEventId,
          signal,
          select: documentChangeOf,
        }),
        recentCallerAccess(ctx.tenant),
      ),
    );
}

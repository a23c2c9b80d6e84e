import { readObjectBytes, type ObjectBytes, type StoredObjectInfo } from "@cauldron/client-storage";
import { mayCall } from "@cauldron/config";
import type { ObjectRef } from "@cauldron/contracts";
import { actingUserOf, createServiceTokenIssuer, type Principal } from "@cauldron/rpc";

/** Who an object is read for: the request's (or event's) principal in its organization. */
export interface StorageReadActor {
  principal: Principal | null;
  organizationId: string;
  requestId?: string;
}

/** What a read takes at most, and which objects it reads at all (judged from their info). */
export interface StorageReadLimits {
  maxBytes: number;
  accept?: (info: StoredObjectInfo) => boolean;
}

/** Reads objects from the storage service as the user an actor acts for. */
export interface StorageObjectReader {
  read(actor: StorageReadActor, object: ObjectRef, limits: StorageReadLimits): Promise<ObjectBytes>;
}

/** How lore reaches storage: the shared secret its tokens are signed with and storage's base URL. */
export interface StorageObjectReaderOptions {
  secret: string;
  url: string;
  /** Longest a whole read (info and bytes) may take (default 60 s). */
  timeoutMs?: number;
}

/**
 * Reads objects through storage's HTTP API with a fresh service token per read, addressed to
 * storage, granting storage:read only, and acting for the actor's user in its organization, so
 * storage answers exactly what that user may download.
 */
export function createStorageObjectReader(options: StorageObjectReaderOptions): StorageObjectReader {
  if (!mayCall("lore", "storage")) throw new Error("the service call table does not let lore call storage");
  const issueToken = createServiceTokenIssuer({
    secret: options.secret,
    caller: "lore",
    grants: { storage: ["storage:read"] },
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async read(actor, object, limits) {
      const token = await issueToken("storage", {
        organizationId: actor.organizationId,
        actingUser: actingUserOf(actor.principal),
      });
      return readObjectBytes({
        url: options.url,
        organizationId: actor.organizationId,
        ...object,
        token,
        ...limits,
        requestId: actor.requestId,
        signal: AbortSignal.timeout(timeoutMs),
      });
    },
  };
}

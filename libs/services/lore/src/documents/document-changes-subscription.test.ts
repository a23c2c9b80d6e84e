import type { DocumentChange } from "@cauldron/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let admin: LoreTestUser;
let alchemist: LoreTestUser;
let outsider: LoreTestUser;
let alchemists: string;
const stops: (() => void)[] = [];

beforeAll(async () => {
  kit = await startLoreTestKit();
  org = await kit.createOrganization("watchers");
  admin = await kit.createUser("admin");
  alchemist = await kit.createUser("alchemist");
  outsider = await kit.createUser("outsider");
  await kit.addMember(org.id, admin, "admin");
  await kit.addMember(org.id, alchemist, "member");
  await kit.addMember(org.id, outsider, "member");
  alchemists = await kit.createTeam(org.id, [alchemist], "alchemists");
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

afterAll(async () => {
  await kit?.close();
});

/** Subscribes as `user` and records the titles and types of what arrives. */
async function watch(user: LoreTestUser) {
  const token = await kit.service.signer.issueAccessToken({ userId: user.id });
  const received: DocumentChange[] = [];
  let failure: unknown = null;
  const subscription = kit.service.client({ token, organizationId: org.id }).lore.onDocumentChanged.subscribe(
    {},
    {
      onData: (delivery) => received.push(delivery.data),
      onError: (error) => {
        failure = error;
      },
    },
  );
  stops.push(() => subscription.unsubscribe());
  await vi.waitFor(() => expect(received.some((message) => message.type === "subscribed")).toBe(true), {
    timeout: 15_000,
    interval: 20,
  });
  return {
    /** The changes received, as "type documentId". */
    seen: () =>
      received.flatMap((message) => ("payload" in message ? [`${message.type} ${message.payload.documentId}`] : [])),
    failure: () => failure,
  };
}

describe("lore.onDocumentChanged", () => {
  it("tells each subscriber only of the documents they may see", async () => {
    const alchemistStream = await watch(alchemist);
    const outsiderStream = await watch(outsider);
    const adminStream = await watch(admin);

    const asAlchemist = kit.as(alchemist, org.id);
    const guarded = await asAlchemist.lore.documents.create.mutate({
      title: "Guarded formula",
      content: "Quicksilver and salt.",
      contentType: "text/plain",
      teamIds: [alchemists],
    });
    await asAlchemist.lore.documents.update.mutate({ id: guarded.id, expectedVersion: 1, title: "Guarded formula II" });
    const open = await asAlchemist.lore.documents.create.mutate({
      title: "Open notice",
      content: "The lab closes at dusk.",
      contentType: "text/plain",
    });
    await asAlchemist.lore.documents.setTeams.mutate({ id: open.id, teamIds: [alchemists] });
    await kit.ownerOf(org).lore.documents.delete.mutate({ id: guarded.id });
    const last = await asAlchemist.lore.documents.create.mutate({
      title: "Last word",
      content: "Fin.",
      contentType: "text/plain",
    });

    const everything = [
      `document.created ${guarded.id}`,
      `document.updated ${guarded.id}`,
      `document.created ${open.id}`,
      `document.teams_set ${open.id}`,
      `document.deleted ${guarded.id}`,
      `document.created ${last.id}`,
    ];
    for (const stream of [alchemistStream, adminStream, outsiderStream]) {
      await vi.waitFor(
        () => {
          expect(stream.failure()).toBeNull();
          expect(stream.seen()).toContain(`document.created ${last.id}`);
        },
        { timeout: 15_000, interval: 20 },
      );
    }
    expect(alchemistStream.seen()).toEqual(everything);
    expect(adminStream.seen()).toEqual(everything);
    expect(outsiderStream.seen()).toEqual([`document.created ${open.id}`, `document.created ${last.id}`]);
  });
});

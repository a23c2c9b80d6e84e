import { randomBytes } from "node:crypto";
import { createCapturingEmailSender } from "@cauldron/email";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { createOrgService } from "../org-service";

/**
 * The org service for the sweep over every procedure: one organization filled with a team, a
 * second member on that team, a pending invitation, an overridden setting and their audit rows.
 */
export const orgSweepFixture: SweepFixture = {
  name: "org",
  async start({ database, redisKeyPrefix }) {
    const service = await startTestService(createOrgService({ email: createCapturingEmailSender() }), {
      db: database.db,
      redisKeyPrefix,
    });
    return {
      name: "org",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const owner = service.client({ token: await organization.owner.newSession(), organizationId: organization.id });
        const team = await owner.org.teams.create.mutate({
          name: `Ledger team ${tag}`,
          description: `Ledger team notes ${tag}`,
        });
        const member = await createSignedPerson(service, database, "second-member");
        await organization.addMember(member, "member");
        await owner.org.teams.members.add.mutate({ teamId: team.id, userId: member.userId, role: "lead" });
        const pendingEmail = `pending-${tag}@example.test`;
        const { invitation } = await owner.org.invitations.create.mutate({ email: pendingEmail, teamIds: [team.id] });
        await owner.org.settings.set.mutate({ key: "timezone", value: "Pacific/Chatham" });
        return {
          ids: {
            teamId: [team.id],
            userId: [member.userId],
            invitationId: [invitation.id],
            targetId: [team.id, invitation.id],
          },
          markers: [team.name, team.description ?? "", member.email, pendingEmail],
          readBack: async () => ({
            organization: await owner.org.get.query(),
            members: await owner.org.members.list.query({}),
            teams: await owner.org.teams.list.query({}),
            teamMembers: await owner.org.teams.members.list.query({ teamId: team.id }),
            invitations: await owner.org.invitations.list.query({}),
            settings: await owner.org.settings.get.query(),
          }),
        };
      },
      close: service.close,
    };
  },
};

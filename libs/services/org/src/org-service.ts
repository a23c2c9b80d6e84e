import { createLogEmailSender, type EmailSender } from "@cauldron/email";
import {
  createInfoProcedure,
  defineService,
  router,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { mountAuditExport } from "./audit/audit-export-route";
import { auditRouter } from "./audit/audit-router";
import { createInvitationsRouter } from "./invitations/invitations-router";
import { leaveProcedure, membersRouter, transferOwnershipProcedure } from "./members/members-router";
import { loadOrgConfig, type OrgEnv } from "./org-config";
import { organizationProcedures } from "./organizations/organizations-router";
import { settingsRouter } from "./settings/settings-router";
import { teamsRouter } from "./teams/teams-router";

/** The org service's pluggable parts; each has a local default. */
export interface OrgServiceOptions {
  /** Delivers invitation emails; defaults to logging them with their link. */
  email?: EmailSender;
  /** Overrides settings read from the environment (ORG_INVITATION_URL, ORG_INVITATION_TTL_HOURS). */
  config?: Partial<OrgEnv>;
}

/** Builds the org service's router; every procedure lives under the `org` prefix. */
export function createOrgRouter(dependencies: ServiceDependencies, options: OrgServiceOptions = {}) {
  const config = { ...loadOrgConfig(), ...options.config };
  const invitations = createInvitationsRouter({
    email: options.email ?? createLogEmailSender(dependencies.logger),
    acceptUrl: config.ORG_INVITATION_URL,
    ttlHours: config.ORG_INVITATION_TTL_HOURS,
    logger: dependencies.logger,
  });
  return router({
    org: router({
      info: createInfoProcedure("org", dependencies.startedAt),
      ...organizationProcedures,
      transferOwnership: transferOwnershipProcedure,
      leave: leaveProcedure,
      members: membersRouter,
      invitations,
      teams: teamsRouter,
      settings: settingsRouter,
      audit: auditRouter,
    }),
  });
}

export type OrgRouter = ReturnType<typeof createOrgRouter>;

/** The org service with its parts chosen; `orgService` is it with every default. */
export function createOrgService(options: OrgServiceOptions = {}) {
  return defineService({
    name: "org",
    createRouter: (dependencies) => createOrgRouter(dependencies, options),
    configureRoutes: (app, dependencies, createContext) => mountAuditExport(app, dependencies, createContext),
  });
}

export const orgService = createOrgService();

import {
  createConfiguredEmailSender,
  emailEnvSchema,
  emailWorker,
  loadEmailConfig,
  type EmailDeliveryOptions,
  type EmailSender,
} from "@cauldron/email";
import { createRealtimeHub, eventKeys } from "@cauldron/events";
import {
  createInfoProcedure,
  createRateLimiter,
  defineService,
  mergeRouters,
  router,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { mountAuditExport } from "./audit/audit-export-route";
import { auditRouter } from "./audit/audit-router";
import { createOnChangeProcedure } from "./changes/on-change";
import { INVITATION_TEMPLATE, invitationEmailComposer } from "./invitations/invitation-email";
import { createInvitationsRouter } from "./invitations/invitations-router";
import { leaveProcedure } from "./members/leave-organization";
import { membersRouter } from "./members/members-router";
import { transferOwnershipProcedure } from "./members/transfer-ownership";
import { loadOrgConfig, orgEnvSchema, type OrgEnv } from "./org-config";
import { organizationsRouter } from "./organizations/organizations-router";
import { settingsRouter } from "./settings/settings-router";
import { teamsRouter } from "./teams/teams-router";

/** The org service's pluggable parts; each has a local default. */
export interface OrgServiceOptions {
  /** Delivers invitation emails; by default SMTP when SMTP_URL is set, else a log line. */
  email?: EmailSender;
  /** How failed email deliveries are retried (tests shorten the backoff). */
  emailDelivery?: EmailDeliveryOptions;
  /** Overrides settings read from the environment (ORG_INVITATION_URL, ORG_INVITATION_TTL_HOURS, …). */
  config?: Partial<OrgEnv>;
  /** Where ORG_*, SMTP_URL and EMAIL_FROM are read from (process.env by default). */
  environment?: Record<string, string | undefined>;
}

/** Reads the org service's settings; throws a ConfigError naming each bad variable (SMTP_URL in production too). */
function loadOrgSettings(options: OrgServiceOptions) {
  const environment = options.environment ?? process.env;
  return { config: { ...loadOrgConfig(environment), ...options.config }, email: loadEmailConfig(environment) };
}

/** Builds the org service's router; every procedure lives under the `org` prefix. */
export function createOrgRouter(dependencies: ServiceDependencies, options: OrgServiceOptions = {}) {
  const { config } = loadOrgSettings(options);
  const hour = 3600;
  const invitations = createInvitationsRouter({
    ttlHours: config.ORG_INVITATION_TTL_HOURS,
    limiter: createRateLimiter({
      redis: dependencies.redis,
      keyPrefix: `${dependencies.redisKeyPrefix}org:`,
      logger: dependencies.logger,
    }),
    perInviter: {
      bucket: "invitations:inviter",
      max: config.ORG_INVITATIONS_PER_INVITER_PER_HOUR,
      windowSeconds: hour,
    },
    perOrganization: {
      bucket: "invitations:organization",
      max: config.ORG_INVITATIONS_PER_ORGANIZATION_PER_HOUR,
      windowSeconds: hour,
    },
  });
  const realtime = createRealtimeHub({
    redis: dependencies.redis,
    streamKey: eventKeys(dependencies.redisKeyPrefix).stream,
    logger: dependencies.logger,
  });
  return router({
    org: mergeRouters(
      organizationsRouter,
      router({
        info: createInfoProcedure("org", dependencies.startedAt),
        onChange: createOnChangeProcedure(realtime),
        transferOwnership: transferOwnershipProcedure,
        leave: leaveProcedure,
        members: membersRouter,
        invitations,
        teams: teamsRouter,
        settings: settingsRouter,
        audit: auditRouter,
      }),
    ),
  });
}

export type OrgRouter = ReturnType<typeof createOrgRouter>;

/** The org service with its parts chosen; `orgService` is it with every default. */
export function createOrgService(options: OrgServiceOptions = {}) {
  return defineService({
    name: "org",
    environment: [orgEnvSchema, emailEnvSchema],
    createRouter: (dependencies) => createOrgRouter(dependencies, options),
    configureRoutes: (app, dependencies, createContext) => {
      const { config } = loadOrgSettings(options);
      mountAuditExport(app, dependencies, createContext, {
        writeTimeoutMs: config.ORG_AUDIT_EXPORT_WRITE_TIMEOUT_MS,
        maxPerUser: config.ORG_AUDIT_EXPORT_MAX_PER_USER,
      });
    },
    workers: (dependencies) => {
      const settings = loadOrgSettings(options);
      return [
        emailWorker({
          sender: "org",
          composers: { [INVITATION_TEMPLATE]: invitationEmailComposer(settings.config.ORG_INVITATION_URL) },
          email: options.email ?? createConfiguredEmailSender(settings.email, dependencies.logger),
          logger: dependencies.logger,
          delivery: options.emailDelivery,
        }),
      ];
    },
  });
}

export const orgService = createOrgService();

import type { PlatformEnv, ServiceName } from "@cauldron/config";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Express } from "express";
import type { z } from "zod";
import type { Authenticators } from "./auth/authenticate";
import type { ServiceResources } from "./context";
import type { RequestContextFactory } from "./http/create-service-server";
import type { WorkerDeclaration } from "./workers/worker-declarations";

/** What a service gets to build its router: shared resources and the validated environment. */
export interface ServiceDependencies extends ServiceResources {
  env: PlatformEnv;
  startedAt: Date;
  /** Prefix of every Redis key the service writes (rate limits, event stream, revocations): "cauldron:" outside tests. */
  redisKeyPrefix: string;
}

/** One service as the platform runs it: a name and the way to build its router. */
export interface ServiceDefinition<TRouter extends AnyTRPCRouter = AnyTRPCRouter> {
  name: ServiceName;
  /**
   * The variables the service reads beside the platform's (its own config, email settings, …),
   * checked when it starts; deployment files and docs are tested against them (see serviceVariables).
   */
  environment?: readonly z.ZodType[];
  createRouter(dependencies: ServiceDependencies): TRouter;
  /** Mounts plain HTTP routes; `createContext` authenticates a request the way tRPC does. */
  configureRoutes?(app: Express, dependencies: ServiceDependencies, createContext: RequestContextFactory): void;
  /** Overrides how callers are authenticated (the auth service verifies with its own keys). */
  createAuthenticators?(dependencies: ServiceDependencies): Authenticators;
  /**
   * Declares the service's background work (event consumers, leader-elected jobs); the platform
   * starts it once the service listens, beside the outbox relay and event pruning every service
   * runs, and stops it on shutdown before the pools close.
   */
  workers?(dependencies: ServiceDependencies): WorkerDeclaration[];
  /**
   * Finishes work requests left running after their answers went out (such as log writes made off
   * the request path); awaited on shutdown once the server takes no more requests, before the
   * workers stop and the pools close.
   */
  settle?(): Promise<void>;
}

/** Declares a service with its router type preserved for clients. */
export function defineService<TRouter extends AnyTRPCRouter>(
  definition: ServiceDefinition<TRouter>,
): ServiceDefinition<TRouter> {
  return definition;
}

import type { PlatformEnv, ServiceName } from "@cauldron/config";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Express } from "express";
import type { Authenticators } from "./auth/authenticate";
import type { ServiceResources } from "./context";
import type { RequestContextFactory } from "./http/create-service-server";

/** What a service gets to build its router: shared resources and the validated environment. */
export interface ServiceDependencies extends ServiceResources {
  env: PlatformEnv;
  startedAt: Date;
  /** Prefix of every Redis key the service writes (rate limits, event stream, revocations): "cauldron:" outside tests. */
  redisKeyPrefix: string;
}

/** Background work a service runs while it is up (e.g. event consumers); stopped before its pools close. */
export interface ServiceWorkers {
  stop(): Promise<void>;
}

/** One service as the platform runs it: a name and the way to build its router. */
export interface ServiceDefinition<TRouter extends AnyTRPCRouter = AnyTRPCRouter> {
  name: ServiceName;
  createRouter(dependencies: ServiceDependencies): TRouter;
  /** Mounts plain HTTP routes; `createContext` authenticates a request the way tRPC does. */
  configureRoutes?(app: Express, dependencies: ServiceDependencies, createContext: RequestContextFactory): void;
  /** Overrides how callers are authenticated (the auth service verifies with its own keys). */
  createAuthenticators?(dependencies: ServiceDependencies): Authenticators;
  /** Starts the service's background workers once it listens; they read the event stream under `redisKeyPrefix`. */
  startWorkers?(dependencies: ServiceDependencies): Promise<ServiceWorkers>;
}

/** Declares a service with its router type preserved for clients. */
export function defineService<TRouter extends AnyTRPCRouter>(
  definition: ServiceDefinition<TRouter>,
): ServiceDefinition<TRouter> {
  return definition;
}

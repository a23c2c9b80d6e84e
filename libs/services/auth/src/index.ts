export { createAuthRouter, createAuthService, authService, type AuthRouter } from "./auth-service";
export type { AuthServiceOptions } from "./auth-runtime";
export { ARGON2_PARAMETERS } from "./passwords/password-hasher";
export { deleteEndedSessions, type SessionCleanupOptions } from "./sessions/session-cleanup";

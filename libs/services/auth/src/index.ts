export { createAuthRouter, authService, type AuthRouter } from "./auth-service";

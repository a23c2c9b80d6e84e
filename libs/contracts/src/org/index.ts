export * from "./audit";
export * from "./changes";
export * from "./events";
export * from "./invitations";
export * from "./members";
export * from "./organizations";
export * from "./settings";
export * from "./teams";

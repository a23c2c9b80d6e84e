export * from "./analytics";
export * from "./collections";
export * from "./embeddings";
export * from "./events";
export * from "./filter";
export * from "./models";
export * from "./packed-vector";
export * from "./search";

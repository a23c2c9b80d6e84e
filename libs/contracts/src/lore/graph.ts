// lore.graph contracts
export {};

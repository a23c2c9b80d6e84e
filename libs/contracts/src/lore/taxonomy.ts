// lore.taxonomy contracts
export {};

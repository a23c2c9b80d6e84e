// lore.search contracts
export {};

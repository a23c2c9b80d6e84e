// lore.documents contracts
export {};

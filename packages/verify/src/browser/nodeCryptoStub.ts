/** What core's ledger module takes from `node:crypto`, for the page's bundle: the browser's own `randomUUID`. */
export const randomUUID = (): string => globalThis.crypto.randomUUID();

/**
 * The store's own parameter in a connection URL: `?schema=NAME` names the PostgreSQL schema of the ledger
 * (docs/spec.md §8.5). It is the store's, not libpq's, so it is taken out before `pg` reads the URL; every
 * other parameter (`sslmode`, `application_name`, …) is left for `pg`.
 */
export const schemaOfUrl = (text: string): { readonly url: string; readonly schema?: string } => {
  const match = /([?&])schema=([^&#]*)&?/.exec(text);
  if (match === null) return { url: text };
  const url = (text.slice(0, match.index) + (match[0].endsWith('&') ? match[1] : '') + text.slice(match.index + match[0].length)).replace(/[?&]$/, '');
  return { url, schema: decodeURIComponent(match[2]!) };
};

/**
 * The outcome of checking a proof or a signature: accepted, or rejected with a reason a person can act on.
 */

/** A failed check and, in plain words, what was wrong. */
export interface Rejection {
  readonly ok: false;
  readonly reason: string;
}

/** Outcome of a verifier: `{ ok: true }` or a {@link Rejection}. */
export type Verification = { readonly ok: true } | Rejection;

/** The accepted outcome; shared because it carries no data. */
export const ACCEPTED: Verification = Object.freeze({ ok: true });

/** Builds a {@link Rejection}. */
export const reject = (reason: string): Rejection => ({ ok: false, reason });

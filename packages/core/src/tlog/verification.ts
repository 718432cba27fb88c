/**
 * The outcome of checking a proof or a signature, as every result of the public API is: an fp-ts `Either`,
 * `Right` when accepted (with what the check established), `Left` with a reason a person can act on.
 */
import * as E from 'fp-ts/lib/Either.js';

/** A failed check and, in plain words, what was wrong. */
export interface Rejection {
  readonly reason: string;
}

/** Outcome of a verifier that establishes nothing beyond "accepted": `Right(undefined)`, or `Left` of a {@link Rejection}. */
export type Verification = E.Either<Rejection, void>;

/** The accepted outcome; shared because it carries no data. */
export const ACCEPTED: Verification = E.right(undefined);

/** A rejected outcome, of any result type, with `reason`. */
export const reject = (reason: string): E.Either<Rejection, never> => E.left({ reason });

/** The same outcome, its reason prefixed with `context` ("old checkpoint: …"). */
export const rejectionIn = <A>(context: string, result: E.Either<Rejection, A>): E.Either<Rejection, A> =>
  E.mapLeft((rejection: Rejection) => ({ reason: `${context}${rejection.reason}` }))(result);

import { ANY, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { conflictOfRefusal } from './appendConflict.js';
import { appendOutcomeOfError, appendOutcomeOfResult, currentRevisionOfLibrary, libraryExpectedRevision } from './client.js';

// The library's own error objects, built as the library builds them from a server reply; no server needed.
const wrongExpected = (expected: bigint | typeof NO_STREAM, current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'indicator-ledger-130302', expected, current });

describe('the library values the client module translates', () => {
  it('spells our expected revisions the library way', () => {
    expect(libraryExpectedRevision('no-stream')).toBe(NO_STREAM);
    expect(libraryExpectedRevision('any')).toBe(ANY);
    expect(libraryExpectedRevision(41n)).toBe(41n);
  });

  it('reads the library current revisions our way', () => {
    expect(currentRevisionOfLibrary(NO_STREAM)).toBe('no-stream');
    expect(currentRevisionOfLibrary(0n)).toBe(0n);
  });
});

describe("the client's WrongExpectedVersionError", () => {
  it('is a refusal naming the revision the stream had', () => {
    expect(appendOutcomeOfError(wrongExpected(1n, 4n))).toEqual({ kind: 'wrong-expected-revision', actual: 4n });
    expect(appendOutcomeOfError(wrongExpected(NO_STREAM, 0n))).toEqual({ kind: 'wrong-expected-revision', actual: 0n });
  });

  it('is a refusal naming no stream when the stream does not exist', () => {
    expect(appendOutcomeOfError(wrongExpected(9n, NO_STREAM))).toEqual({ kind: 'wrong-expected-revision', actual: 'no-stream' });
  });

  it('becomes the port position conflict, never an exception', () => {
    const outcome = appendOutcomeOfError(wrongExpected(2n, 7n));
    expect(outcome?.kind).toBe('wrong-expected-revision');
    if (outcome?.kind !== 'wrong-expected-revision') return;
    expect(conflictOfRefusal(3, outcome)).toEqual({ kind: 'position-conflict', expectedPosition: 3, actualPosition: 8 });
  });

  it('leaves every other error to be rethrown', () => {
    expect(appendOutcomeOfError(new StreamNotFoundError(undefined, 'indicator-ledger-130302'))).toBeUndefined();
    expect(appendOutcomeOfError(new Error('wrong-expected-version'))).toBeUndefined();
    expect(appendOutcomeOfError({ type: 'wrong-expected-version' })).toBeUndefined();
    expect(appendOutcomeOfError(null)).toBeUndefined();
    expect(appendOutcomeOfError('wrong-expected-version')).toBeUndefined();
  });
});

describe('an append result', () => {
  it('is a write when the library reports success', () => {
    expect(appendOutcomeOfResult({ success: true, nextExpectedRevision: 4n, position: { commit: 10n, prepare: 10n } })).toEqual({ kind: 'appended', nextRevision: 4n });
  });

  it('is a refusal, not a write, when throwOnAppendFailure=false turns the error into success: false', () => {
    expect(appendOutcomeOfResult({ success: false, nextExpectedRevision: 6n })).toEqual({ kind: 'wrong-expected-revision', actual: 6n });
    expect(appendOutcomeOfResult({ success: false, nextExpectedRevision: -1n })).toEqual({ kind: 'wrong-expected-revision', actual: 'no-stream' });
  });
});

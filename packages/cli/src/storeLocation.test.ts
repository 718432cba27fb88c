import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeStoreLocation, maskCredentials, parseStoreLocation } from './storeLocation.js';

describe('--store', () => {
  it('is a SQLite file path, relative to the working directory, unless it is a URL', () => {
    expect(parseStoreLocation('./ledger.db', '/home/a')).toEqual({ kind: 'sqlite', path: '/home/a/ledger.db' });
    expect(parseStoreLocation('/var/lib/ledger.db', '/home/a')).toEqual({ kind: 'sqlite', path: '/var/lib/ledger.db' });
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs, the URL whole (the store reads ?schema=, store-postgres connectionUrl.test.ts)', () => {
    expect(parseStoreLocation('postgres://u@h:5432/db', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(parseStoreLocation('postgresql://u@h/db?sslmode=require', '/')).toEqual({ kind: 'postgres', url: 'postgresql://u@h/db?sslmode=require' });
    expect(parseStoreLocation('postgres://u@h/db?schema=ledger_a', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db?schema=ledger_a' });
    expect(parseStoreLocation('postgres://u@h/db?schema=s1&sslmode=disable', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db?schema=s1&sslmode=disable' });
  });

  it('selects EventStoreDB for esdb:// and esdb+discover:// URLs', () => {
    expect(parseStoreLocation('esdb://localhost:2113?tls=false', '/')).toEqual({ kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' });
    expect(parseStoreLocation('esdb+discover://cluster.example:2113', '/').kind).toBe('eventstoredb');
  });

  it('never shows a password', () => {
    expect(describeStoreLocation(parseStoreLocation('postgres://ledger:s3cret@db.example/ledger', '/'))).toBe('postgres://ledger:***@db.example/ledger');
    expect(describeStoreLocation(parseStoreLocation('esdb://admin:changeit@localhost:2113', '/'))).toBe('esdb://admin:***@localhost:2113');
  });
});

describe('credentials are masked in every message (docs/spec.md §8.5)', () => {
  it('a ?password= parameter, sslpassword, sslkey, and a password with @ in it', () => {
    const where = (text: string) => describeStoreLocation(parseStoreLocation(text, '/'));
    expect(where('postgres://ledger@db.example/ledger?password=s3cret&sslmode=require')).toBe('postgres://ledger@db.example/ledger?password=***&sslmode=require');
    expect(where('postgres://ledger:Pw@Three@db.example/ledger')).toBe('postgres://ledger:***@db.example/ledger');
    expect(where('postgres://u@h/db?sslmode=verify-full&sslkey=/home/u/.pg/key.pem&sslpassword=k3y&sslcert=/c.pem')).toBe(
      'postgres://u@h/db?sslmode=verify-full&sslkey=***&sslpassword=***&sslcert=/c.pem',
    );
    expect(where('postgresql://u:a/b?c#d@h:5432/db?schema=s')).toBe('postgresql://u:***@h:5432/db?schema=s');
  });

  it('a message from the driver is masked with the location it is about, including a password it quotes', () => {
    const location = parseStoreLocation('postgres://ledger:Pw@Three@db.example/ledger?sslpassword=k3y', '/');
    expect(maskCredentials('could not connect as ledger:Pw@Three@db.example: key k3y rejected (password=Pw@Three)', location)).toBe(
      'could not connect as ledger:***@db.example: key *** rejected (password=***)',
    );
  });

  it('no password of any characters survives, in the location or in a message quoting it', () => {
    const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(secret, secret, secret, (password, queryPassword, keyPassword) => {
        const text = `postgres://ledger:${password}@db.example:5432/ledger?sslmode=require&password=${encodeURIComponent(queryPassword)}&sslpassword=${encodeURIComponent(keyPassword)}`;
        const location = parseStoreLocation(text, '/');
        expect(describeStoreLocation(location)).toBe('postgres://ledger:***@db.example:5432/ledger?sslmode=require&password=***&sslpassword=***');
        const message = maskCredentials(`failed for ${text}: ${password} / ${queryPassword} / ${keyPassword}`, location);
        for (const s of [password, queryPassword, keyPassword, encodeURIComponent(queryPassword)]) {
          if (s.length >= 3) expect(message).not.toContain(s);
        }
      }),
      { numRuns: 300 },
    );
  });
});

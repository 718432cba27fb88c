import { describe, expect, it } from 'vitest';
import { describeStoreLocation, parseStoreLocation } from './storeLocation.js';

describe('--store', () => {
  it('is a SQLite file path, relative to the working directory, unless it is a URL', () => {
    expect(parseStoreLocation('./ledger.db', '/home/a')).toEqual({ kind: 'sqlite', path: '/home/a/ledger.db' });
    expect(parseStoreLocation('/var/lib/ledger.db', '/home/a')).toEqual({ kind: 'sqlite', path: '/var/lib/ledger.db' });
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs, taking ?schema= out for the store', () => {
    expect(parseStoreLocation('postgres://u@h:5432/db', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(parseStoreLocation('postgresql://u@h/db?sslmode=require', '/')).toEqual({ kind: 'postgres', url: 'postgresql://u@h/db?sslmode=require' });
    expect(parseStoreLocation('postgres://u@h/db?schema=ledger_a', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db', schema: 'ledger_a' });
    expect(parseStoreLocation('postgres://u@h/db?schema=s1&sslmode=disable', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db?sslmode=disable', schema: 's1' });
    expect(parseStoreLocation('postgres://u@h/db?sslmode=disable&schema=s1', '/')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db?sslmode=disable', schema: 's1' });
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

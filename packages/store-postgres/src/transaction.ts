import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a pooled connection, opened with `begin`: COMMIT when `work` asks for
 * it, ROLLBACK when it does not or when it throws. A connection whose ROLLBACK failed is in an unknown
 * state, so it is destroyed rather than returned to the pool.
 */
export const inTransaction = async <T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient) => Promise<{ readonly commit: boolean; readonly value: T }>,
): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  // While a client is checked out the pool does not listen to it, and an 'error' event with no listener
  // ends the process. A lost connection (a server restart, pg_terminate_backend) also fails the query in
  // flight, which is how the caller hears of it; here it is only noted, so the client is not reused.
  const onLost = (err: Error): void => {
    broken ??= err;
  };
  client.on('error', onLost);
  try {
    await client.query(begin);
    const { commit, value } = await work(client);
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e;
    });
    throw err;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
};

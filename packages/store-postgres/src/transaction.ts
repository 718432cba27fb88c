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
    client.release(broken);
  }
};

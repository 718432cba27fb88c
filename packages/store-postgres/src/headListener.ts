import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { DistrictCode } from '@indicator-ledger/core';
import { decodeAppendNotice } from './appendNotice.js';

/** Called with a district and its new head position. */
export type HeadListener = (stream: DistrictCode, head: number) => void;

/** How a {@link StreamHeadListener} reaches the database. */
export interface HeadListenerOptions {
  /** Settings of its dedicated connection (not taken from the pool, so watching never starves appends). */
  readonly connection: ClientConfig;
  /** The channel appends are announced on. */
  readonly channel: string;
  /** SQL giving `district, position` of every non-empty stream, for catching up after a lost connection. */
  readonly headsQuery: string;
  /** First wait before reconnecting after the connection is lost (default 250 ms; doubles up to 8 s). */
  readonly reconnectDelayMs?: number;
}

const MAX_RECONNECT_DELAY_MS = 8_000;

/**
 * One dedicated connection that LISTENs for append notices and tells subscribed listeners of new heads.
 * It holds a connection, so it is a class.
 *
 * Each listener hears a district's heads in increasing order, each at most once. When the connection is
 * lost, notifications sent meanwhile are lost with it (PostgreSQL queues them only for live sessions), so
 * after reconnecting it reads every stream's head and reports those that moved: a live projection may
 * miss intermediate heads, never the latest one. A listener that throws does not stop the others; its
 * error becomes a process warning, since there is no caller to hand it to.
 */
export class StreamHeadListener {
  readonly #options: HeadListenerOptions;
  readonly #listeners = new Set<HeadListener>();
  /** The highest head reported per district. */
  readonly #reported = new Map<DistrictCode, number>();
  /** Every stream's head when the connection was last (re)established. */
  #baseline = new Map<DistrictCode, number>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retry: { readonly timer: NodeJS.Timeout } | undefined;
  #failures = 0;
  /** Whether a connection was established since the last close, so the next one must catch up. */
  #resuming = false;

  constructor(options: HeadListenerOptions) {
    this.#options = options;
  }

  /** Adds a listener, connecting first if it is the only one; resolves once notices are being received. */
  async subscribe(listener: HeadListener): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    try {
      await this.#connected();
    } catch (err) {
      this.#listeners.delete(listener);
      throw err;
    }
    return async () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.close();
    };
  }

  /** Removes every listener and closes the connection. */
  async close(): Promise<void> {
    this.#listeners.clear();
    if (this.#retry !== undefined) clearTimeout(this.#retry.timer);
    this.#retry = undefined;
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    this.#resuming = false;
    this.#reported.clear();
    this.#baseline.clear();
    if (client !== undefined) await client.end().catch(() => undefined);
  }

  /** The backend process id of the listening session, for tests and operators (undefined when not connected). */
  get backendPid(): number | undefined {
    return (this.#client as (pg.Client & { processID?: number }) | undefined)?.processID;
  }

  #connected(): Promise<void> {
    if (this.#client !== undefined) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#options.connection);
    // Until the connection is ours, an error rejects connect(); afterwards it means "connection lost".
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (message.channel !== this.#options.channel) return;
      const notice = decodeAppendNotice(message.payload);
      if (notice !== undefined) this.#report(notice.district, notice.head);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#options.channel)}`);
      // Read after LISTEN: an append committed in between is both in these heads and notified, and
      // #report tells each head once; one committed before is only in these heads, as it should be.
      const heads = await client.query<{ district: DistrictCode; position: string }>(this.#options.headsQuery);
      const baseline = new Map(heads.rows.map((row) => [row.district, Number(row.position)] as const));
      if (this.#resuming) {
        for (const [district, head] of baseline) {
          if (head > Math.max(this.#reported.get(district) ?? 0, this.#baseline.get(district) ?? 0)) this.#report(district, head);
        }
      }
      this.#baseline = baseline;
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#listeners.size === 0) {
      // Every listener unsubscribed while connecting.
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#failures = 0;
    this.#resuming = true;
  }

  #report(district: DistrictCode, head: number): void {
    if (head <= (this.#reported.get(district) ?? 0)) return;
    this.#reported.set(district, head);
    for (const listener of [...this.#listeners]) {
      try {
        listener(district, head);
      } catch (err) {
        process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'LedgerWatchListenerError');
      }
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#listeners.size === 0 || this.#retry !== undefined) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, (this.#options.reconnectDelayMs ?? 250) * 2 ** this.#failures);
    const timer = setTimeout(() => {
      this.#retry = undefined;
      this.#connected().catch(() => {
        this.#failures++;
        this.#scheduleReconnect();
      });
    }, delay);
    this.#retry = { timer };
  }
}

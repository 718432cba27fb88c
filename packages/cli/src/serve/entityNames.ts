import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';

/** The name a person reads for the entity an event is about: its name, a project's or patent's title, money's recipient. */
const nameOfRecord = (record: StoredRecord): string | undefined => {
  const data = record.data as Readonly<Record<string, unknown>>;
  for (const key of ['name', 'title', 'recipient']) {
    const value = data[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
};

/**
 * The names behind the positions an explanation cites (docs/spec.md §6 lineage names entities by id; the
 * workbench shows their names too). Per district, the names of every position are read once and then only
 * the stream's new tail, so a lineage page costs no store read after the first.
 */
export class EntityNames {
  readonly #store: EventStore;
  readonly #byDistrict = new Map<DistrictCode, { position: number; names: Map<number, string> }>();

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** The names at each position of the district's stream that has one, current with the store's head. */
  async of(district: DistrictCode): Promise<ReadonlyMap<number, string>> {
    const known = this.#byDistrict.get(district) ?? { position: 0, names: new Map<number, string>() };
    this.#byDistrict.set(district, known);
    const head = await this.#store.head(district);
    if (head.position > known.position) {
      for await (const page of this.#store.readPages(district, { from: known.position + 1, to: head.position })) {
        for (const record of page) {
          const name = nameOfRecord(record);
          if (name !== undefined) known.names.set(record.position, name);
          known.position = Math.max(known.position, record.position);
        }
      }
    }
    return known.names;
  }
}

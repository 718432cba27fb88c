import { sampleEvents } from './sampleHistory.js';

/** A second district for roll-ups and rankings: 130303, a neighbour of the sample's 130302. */
export const NEIGHBOUR_DISTRICT = '130303';

/** A name no page may put into HTML as it is: markup, an event handler, quotes and an ampersand. */
export const HOSTILE_NAME = `<img src=x onerror="alert('owned')">&<script>alert(1)</script>`;

/**
 * The sample's history recorded again for {@link NEIGHBOUR_DISTRICT} (its own event ids), with the first
 * recognised enterprise given {@link HOSTILE_NAME}: invented data, for the workbench's and roll-ups' tests.
 */
export const neighbourEvents = (): Record<string, unknown>[] =>
  sampleEvents().map((e) => {
    const data = e.data as Record<string, unknown>;
    return {
      ...e,
      district: NEIGHBOUR_DISTRICT,
      eventId: String(e.eventId).replace(/-8000-/, '-9000-'),
      data: e.type === 'EnterpriseRecognized' && data.name === '样例精密陶瓷有限公司' ? { ...data, name: HOSTILE_NAME } : data,
    };
  });

import { UNITS, escapeControlCharacters as shown } from '@indicator-ledger/core';
import type { HistoryEntry, UnitRecordings } from '@indicator-ledger/core';
import type { BundleReport } from '@indicator-ledger/core/bundle';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import type { Lang } from './labels.js';
import { progressTable } from './progressView.js';
import { drawTable } from './textTable.js';

/** What one event said about the subject, in a line: the data fields but the subject's own id. */
const dataSummary = (entry: HistoryEntry, subjectId: string): string =>
  Object.entries(entry.data as Record<string, unknown>)
    .filter(([, v]) => v !== subjectId)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

// Stored text is shown with its control characters escaped (`shown`) before colours are added around it,
// so that an escape in a record can never pass for one of the palette's own (docs/spec.md §8.2).

/** A subject's history (the library's `history`, docs/audit.md §3) as a table: both times, who, which document, what, and retractions. */
export const historyTable = (district: string, subjectId: string, entries: readonly HistoryEntry[], palette: Palette): string => {
  const rows = entries.map((e) => [
    String(e.position),
    e.type + (e.retractedBy !== null ? palette.red(`\nretracted at ${e.retractedBy.position}: ${shown(e.retractedBy.reason)}`) : ''),
    e.effectiveDate,
    e.recordedAt,
    `${e.actor.unit}\n${shown(e.actor.user)}`,
    shown(e.source ?? ''),
    e.redacted ? palette.dim('(redacted)') : shown(dataSummary(e, subjectId)),
  ]);
  const table = drawTable({
    head: ['Position', 'Event', 'Effective', 'Recorded at', 'Recorded by', 'Source', 'Data'].map(palette.bold),
    rows,
    align: ['right'],
    widths: [null, null, null, null, null, null, 44],
  });
  return `District ${district} · ${shown(subjectId)} · ${entries.length} event${entries.length === 1 ? '' : 's'}\n${table}\n`;
};

/** A subject's history as CSV. */
export const historyCsv = (entries: readonly HistoryEntry[]): string =>
  csvText(
    ['position', 'eventId', 'type', 'roles', 'effectiveDate', 'recordedAt', 'unit', 'user', 'source', 'data', 'redacted', 'retractedByPosition', 'retractionReason'],
    entries.map((e) => [
      e.position,
      e.eventId,
      e.type,
      e.roles.join(' '),
      e.effectiveDate,
      e.recordedAt,
      e.actor.unit,
      e.actor.user,
      e.source,
      JSON.stringify(e.data),
      String(e.redacted),
      e.retractedBy?.position ?? null,
      e.retractedBy?.reason ?? null,
    ]),
  );

/** Who recorded what (the audit's per-unit account, docs/audit.md §3), one row per unit. */
export const unitAccountTable = (district: string, account: readonly UnitRecordings[], lang: Lang, palette: Palette): string => {
  const rows = account.map((u) => [
    `${u.unit}\n${UNITS[u.unit]}`,
    String(u.events),
    Object.entries(u.byType)
      .map(([type, n]) => `${type} ${n}`)
      .join('\n'),
    u.byUser.map((b) => `${shown(b.user)} ${b.events}`).join('\n'),
    `${u.firstRecordedAt}\n${u.lastRecordedAt}`,
    `${u.firstPosition}–${u.lastPosition}`,
  ]);
  const head = lang === 'zh' ? ['单位', '事件数', '按类型', '按用户', '首次/末次记录', '位置'] : ['Unit', 'Events', 'By type', 'By user', 'First / last recorded', 'Positions'];
  return `District ${district}\n${drawTable({ head: head.map(palette.bold), rows, align: ['left', 'right'] })}\n`;
};

/** A verified bundle: what it holds, what it was proven consistent with, and the progress replayed from it. */
export const bundleReportText = (report: BundleReport, lang: Lang, palette: Palette): string => {
  const lines = [
    palette.green(`bundle verified: ${shown(report.origin)}, ${report.size} records`),
    `root ${report.root}`,
    `head ${report.head}`,
    report.consistentWith.length > 0
      ? `extends earlier checkpoints of ${report.consistentWith.map((c) => `${c.size} records (${shown(c.source)})`).join(', ')}`
      : 'no earlier checkpoint to compare with',
  ];
  if (report.redactedPositions.length > 0) lines.push(`redacted positions (signed log): ${report.redactedPositions.join(', ')}`);
  const progress = report.progress.length > 0 ? `\n${progressTable({ district: report.district, asOf: null, years: report.progress }, lang, palette)}` : '';
  return `${lines.join('\n')}\n${progress}`;
};

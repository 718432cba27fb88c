import { emptyRecognitionTable } from './enterprises.js';
import type { RecognitionTable } from './enterprises.js';
import { emptyFlowTable } from './flows.js';
import type { FlowTable } from './flows.js';
import { emptyPatentTable } from './patents.js';
import type { PatentTable } from './patents.js';
import { emptyPlatformTable } from './platforms.js';
import type { PlatformTable } from './platforms.js';
import { emptyReportTable } from './reports.js';
import type { StatisticTable, TargetTable } from './reports.js';

/** Every family's fold state for one district: what the indicator formulas of docs/spec.md §6 read. */
export interface IndicatorTables {
  readonly highTech: RecognitionTable;
  readonly techSme: RecognitionTable;
  readonly platforms: PlatformTable;
  readonly funds: FlowTable;
  readonly projects: FlowTable;
  readonly commissioners: FlowTable;
  readonly patents: PatentTable;
  readonly statistics: StatisticTable;
  readonly targets: TargetTable;
}

/** The tables of a district with no events. */
export const emptyIndicatorTables = (): IndicatorTables => ({
  highTech: emptyRecognitionTable(),
  techSme: emptyRecognitionTable(),
  platforms: emptyPlatformTable(),
  funds: emptyFlowTable(),
  projects: emptyFlowTable(),
  commissioners: emptyFlowTable(),
  patents: emptyPatentTable(),
  statistics: emptyReportTable(),
  targets: emptyReportTable(),
});

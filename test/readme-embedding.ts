import { createIndicatorProjections, createLedger, createMemoryStore, formatProblem } from '@indicator-ledger/core';

export async function main(): Promise<string> {
  const store = createMemoryStore(); // or: await openSqliteStore('./ledger.db') (a Promise) from @indicator-ledger/store-sqlite
  const ledger = createLedger({ store });
  const indicators = createIndicatorProjections(store, { ledger });

  const appended = await ledger.append('130302', [
    {
      type: 'TargetSet',
      district: '130302',
      effectiveDate: '2019-06-01',
      actor: { unit: 'development-reform', user: 'leading-group-office' },
      data: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 75 },
    },
    {
      type: 'EnterpriseRecognized',
      district: '130302',
      effectiveDate: '2020-11-20',
      actor: { unit: 'development-reform', user: 'zhang.san' },
      source: '冀科高〔2020〕5号',
      data: { enterpriseId: '91130302MA0CABCD1N', name: '秦皇岛某玻璃科技有限公司', designation: 'high-tech' },
    },
  ]);
  if (appended._tag === 'Left') {
    const failure = appended.left;
    throw new Error(failure.kind === 'invalid' ? failure.problems.map(formatProblem).join('\n') : 'conflict');
  }

  const snapshot = await indicators.snapshot('130302', { year: 2020 });
  if (snapshot._tag === 'Left') throw new Error(snapshot.left.map(formatProblem).join('\n'));
  const figure = snapshot.right.indicators['high-tech-enterprises'];
  return `high-tech enterprises 2020: ${figure.value} (target ${figure.target?.value}, ${figure.status})`;
}

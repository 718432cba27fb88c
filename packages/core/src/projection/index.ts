export * from './districtProjection.js';
export * from './snapshot.js';
export * from './explain.js';
export * from './vintages.js';
export * from './rollup.js';
export * from './checkpointState.js';
export * from './indicatorProjections.js';
export * from './projectionCheckpoint.js';

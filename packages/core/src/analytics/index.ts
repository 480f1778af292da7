export * from './stats.ts';
export * from './facts.ts';
export * from './summary.ts';
export * from './csv.ts';
export * from './time-series.ts';

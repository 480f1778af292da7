export * from './types.ts';
export * from './summarize.ts';
export * from './bridge.ts';
export * from './entities.ts';
export * from './build.ts';
export type * from './summarizer.ts';

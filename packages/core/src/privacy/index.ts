export * from './types.ts';
export * from './checksums.ts';
export * from './detect.ts';
export * from './redact.ts';
export * from './visibility.ts';

export * from './mulaw.ts';
export * from './level.ts';
export * from './segmenter.ts';
export * from './baseline.ts';
export * from './voice-features.ts';

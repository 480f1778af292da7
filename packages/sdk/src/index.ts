export * from './client.ts';
export * from './errors.ts';
export * from './retry.ts';
export * from './stream.ts';

export * from './host.ts';
export * from './vapi.ts';
export * from './retell.ts';

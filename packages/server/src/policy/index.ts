export * from './load-policy.ts';
export * from './policy-registry.ts';
export * from './policy-tests-file.ts';

export * from './views.ts';
export * from './errors.ts';
export * from './http.ts';
export * from './ws.ts';
export * from './context-package.ts';
export * from './webhooks.ts';
export * from './routing-rules.ts';
export * from './staffing.ts';

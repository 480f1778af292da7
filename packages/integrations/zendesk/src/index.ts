export * from './config.ts';
export * from './zendesk-crm.ts';

export * from './config.ts';
export * from './hubspot-crm.ts';

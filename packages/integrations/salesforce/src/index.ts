export * from './config.ts';
export * from './salesforce-crm.ts';
export * from './soql.ts';

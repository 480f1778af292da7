export * from './crm-outcome.ts';
export * from './adapter-view.ts';
export * from './sip-headers.ts';
export * from './twilio-task.ts';
export * from './desk-fields.ts';

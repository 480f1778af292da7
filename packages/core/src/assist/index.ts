export * from './knowledge.ts';
export * from './knowledge-index.ts';
export * from './guidance.ts';
export * from './next-best-action.ts';
export * from './suggested-replies.ts';
export * from './assist.ts';

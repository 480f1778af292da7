export * from './config.ts';
export * from './llm-summarizer.ts';

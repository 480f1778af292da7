import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { contextPackageSchema, errorBodySchema } from '@baton/contracts';
import {
  buildAssist,
  DomainError,
  KnowledgeIndex,
  parseMarkdownArticle,
  type AssistRule,
  type KnowledgeArticle,
} from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { demoKnowledgeBase } from '../assistant/knowledge-base.ts';
import type { AppContext } from './context.ts';

/** Agent assist settings: the business's own articles (from BATON_KB_DIR) and assist rules. */
export interface AssistRouteOptions {
  /** Articles added to the demo knowledge base; one with a demo article's id replaces it. */
  articles?: readonly KnowledgeArticle[];
  /** Next-best-action rules; default: the demo company's. */
  rules?: readonly AssistRule[];
}

/** The demo knowledge base (the built-in assistant's) as assist articles. */
export const demoArticles = (): KnowledgeArticle[] =>
  demoKnowledgeBase.map((a) => ({
    id: `demo:${a.id}`,
    title: a.title,
    body: a.answer,
    tags: a.keywords,
    source: 'demo',
    location: null,
  }));

/** Every `.md` / `.markdown` file under `dir` (recursively) as an article; ids are `kb:<file name>`. */
export const loadKnowledgeDir = async (dir: string): Promise<KnowledgeArticle[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  files.sort();
  return Promise.all(files.map(async (f) => parseMarkdownArticle(relative(dir, f), await readFile(f, 'utf8'))));
};

const assistSchema = z.object({
  conversationId: z.string(),
  basedOn: z.object({ turnSeq: z.number().int(), text: z.string() }).nullable(),
  topics: z.array(z.string()),
  articles: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      snippet: z.string(),
      score: z.number(),
      source: z.string(),
      location: z.string().nullable(),
      matched: z.array(z.string()),
    }),
  ),
  replies: z.array(z.object({ kind: z.string(), text: z.string() })),
  nextBestActions: z.array(
    z.object({ code: z.string(), title: z.string(), detail: z.string(), offer: z.string().nullable() }),
  ),
  guidance: z.array(
    z.object({
      topic: z.string(),
      title: z.string(),
      mustSay: z.array(z.string()),
      mustNotPromise: z.array(z.string()),
      escalateTo: z.string().nullable(),
    }),
  ),
});

const errors = { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** Agent assist (A5): only for the agent the conversation is assigned to. */
export const assistRoutes =
  (ctx: AppContext, opts: AssistRouteOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const index = new KnowledgeIndex([...demoArticles(), ...(opts.articles ?? [])]);
    app.get(
      '/v1/conversations/:id/assist',
      {
        schema: {
          tags: ['agents'],
          summary: 'Agent assist for a conversation: KB articles, suggested replies, next best action, guidance',
          params: z.object({ id: z.string().min(1).max(100) }),
          response: { 200: assistSchema, ...errors },
        },
      },
      async (req) => {
        const agent = await ctx.auth.agent(req);
        const conversation = await ctx.store.getConversation(req.params.id);
        if (conversation === null) throw new DomainError('conversation_not_found', `no conversation ${req.params.id}`);
        if (conversation.assignedAgentId !== agent.id) {
          throw new DomainError('forbidden', 'assist is for the agent the conversation is assigned to');
        }
        const handoff = await ctx.store.openHandoffForConversation(conversation.id);
        const pkg = await ctx.context.contextPackage(conversation, handoff, agent.name);
        return buildAssist(pkg, index, {
          agentName: agent.name,
          ...(opts.rules === undefined ? {} : { rules: opts.rules }),
        });
      },
    );

    app.get(
      '/v1/conversations/:id/context',
      {
        schema: {
          tags: ['agents'],
          summary:
            'The context package of a conversation assigned to the signed-in agent (the screen pop after a reload)',
          params: z.object({ id: z.string().min(1).max(100) }),
          response: { 200: z.object({ package: contextPackageSchema }), ...errors },
        },
      },
      async (req) => {
        const agent = await ctx.auth.agent(req);
        const conversation = await ctx.store.getConversation(req.params.id);
        if (conversation === null) throw new DomainError('conversation_not_found', `no conversation ${req.params.id}`);
        if (conversation.assignedAgentId !== agent.id) {
          throw new DomainError('forbidden', 'the context package is for the agent the conversation is assigned to');
        }
        const handoff = await ctx.store.openHandoffForConversation(conversation.id);
        const pkg = await ctx.context.contextPackage(conversation, handoff, agent.name, undefined, agent.role);
        ctx.context.recordRead(agent.id, conversation.id, 'reload');
        return { package: pkg };
      },
    );
  };

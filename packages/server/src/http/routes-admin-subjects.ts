import { errorBodySchema } from '@baton/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SubjectRights } from '../compliance/subject-rights.ts';
import type { AppContext } from './context.ts';
import { requireAdmin } from './routes-admin.ts';

const errors = { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });

/**
 * Subject rights (P7), admins only: export everything held about one customer, and erase their personal
 * data. Both are audited (`subject.exported` with a digest, `subject.erased` with ids and counts).
 */
export const adminSubjectRoutes =
  (ctx: AppContext, rights: SubjectRights): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/admin/customers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Find the customer of a subject request by e-mail, phone or external id (admins; audited)',
          querystring: z
            .strictObject({
              email: z.string().min(3).max(320).optional(),
              phone: z.string().min(3).max(40).optional(),
              externalId: z.string().min(1).max(200).optional(),
            })
            .refine((q) => Object.keys(q).length > 0, 'give email, phone or externalId'),
          response: {
            200: z.object({
              customers: z.array(
                z.object({
                  id: z.string(),
                  name: z.string().nullable(),
                  email: z.string().nullable(),
                  phone: z.string().nullable(),
                  externalId: z.string().nullable(),
                  createdAt: z.date(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const admin = await requireAdmin(ctx, req);
        const q = req.query;
        const query = {
          ...(q.email === undefined ? {} : { email: q.email }),
          ...(q.phone === undefined ? {} : { phone: q.phone }),
          ...(q.externalId === undefined ? {} : { externalId: q.externalId }),
        };
        return { customers: await rights.find(query, `agent:${admin.id}`) };
      },
    );

    app.get(
      '/v1/admin/customers/:id/export',
      {
        schema: {
          tags: ['admin'],
          summary: "Export one customer's data (JSON: customer, conversations, turns, handoffs, consent)",
          params,
          // The export is every stored field as stored (a record of unknown values: no field is stripped).
          response: { 200: z.record(z.string(), z.unknown()), ...errors },
        },
      },
      async (req, reply) => {
        const admin = await requireAdmin(ctx, req);
        const data = await rights.export(req.params.id, `agent:${admin.id}`);
        return reply
          .header('content-disposition', `attachment; filename="customer-${req.params.id}.json"`)
          .header('cache-control', 'no-store')
          .type('application/json')
          .send(data);
      },
    );

    app.post(
      '/v1/admin/customers/:id/erase',
      {
        schema: {
          tags: ['admin'],
          summary: "Erase one customer's personal data; ids stay so that history and the audit chain add up",
          description: '`conversation_open` (409) while one of their conversations is not closed.',
          params,
          response: {
            200: z.object({
              customerId: z.string(),
              conversationIds: z.array(z.string()),
              turns: z.number(),
              erasedAt: z.date(),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const admin = await requireAdmin(ctx, req);
        return rights.erase(req.params.id, `agent:${admin.id}`);
      },
    );
  };

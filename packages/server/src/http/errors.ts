import { isDomainError } from '@baton/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The one table from error code to HTTP status. Codes not listed are 400 (a client mistake). */
const statusByCode: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  scope_missing: 403,
  csrf_failed: 403,
  not_found: 404,
  conversation_not_found: 404,
  agent_not_found: 404,
  queue_not_found: 404,
  customer_not_found: 404,
  handoff_not_found: 404,
  reservation_not_found: 404,
  original_not_kept: 404,
  conversation_closed: 409,
  turn_conflict: 409,
  handoff_already_open: 409,
  handoff_invalid_transition: 409,
  reservation_not_pending: 409,
  handoff_still_open: 409,
  conversation_open: 409,
  survey_not_applicable: 409,
  survey_already_answered: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export const statusForCode = (code: string): number => statusByCode[code] ?? 400;

/** Maps every error to `{ error: { code, message, details? }, requestId }`; 5xx details never leave. */
export const registerErrorHandler = (app: FastifyInstance): void => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send({
        error: {
          code: 'invalid_request',
          message: 'the request does not match the schema',
          details: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
        },
        requestId: req.id,
      });
    }
    if (isDomainError(err)) {
      const status = statusForCode(err.code);
      return reply.status(status).send({
        error: { code: err.code, message: err.message, details: err.details },
        requestId: req.id,
      });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: err.message }, requestId: req.id });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply
        .status(415)
        .send({ error: { code: 'unsupported_media_type', message: err.message }, requestId: req.id });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send({ error: { code: 'bad_request', message: err.message }, requestId: req.id });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error' }, requestId: req.id });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}` }, requestId: req.id }),
  );
};

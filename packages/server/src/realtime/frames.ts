import { isDomainError } from '@baton/core';
import type { z } from 'zod';
import type { WebSocket } from 'ws';

type ErrorFrame = { type: 'error'; ref?: string; error: { code: string; message: string; details?: unknown } };

export const sendFrame = (socket: WebSocket, frame: object): void => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
};

const errorFrame = (code: string, message: string, ref?: string, details?: unknown): ErrorFrame => {
  const frame: ErrorFrame = { type: 'error', error: { code, message } };
  if (ref !== undefined) frame.ref = ref;
  if (details !== undefined) frame.error.details = details;
  return frame;
};

/**
 * Reads frames from a socket in order (one at a time, so an agent's messages are stored in the order sent),
 * validates each against `schema`, and answers invalid frames with an error frame; the socket stays open.
 * `handle` returns true to have the frame acknowledged with `ack`.
 */
export const serveFrames = <S extends z.ZodType<{ type: string; ref?: string | undefined }>>(
  socket: WebSocket,
  schema: S,
  handle: (frame: z.infer<S>) => Promise<boolean>,
  onUnexpected: (err: unknown) => void,
): void => {
  let chain = Promise.resolve();
  socket.on('message', (raw: Buffer, isBinary: boolean) => {
    chain = chain.then(async () => {
      if (isBinary) return sendFrame(socket, errorFrame('invalid_frame', 'frames must be JSON text'));
      let data: unknown;
      try {
        data = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendFrame(socket, errorFrame('invalid_json', 'frame is not valid JSON'));
      }
      const ref =
        typeof data === 'object' && data !== null && typeof (data as { ref?: unknown }).ref === 'string'
          ? (data as { ref: string }).ref.slice(0, 100)
          : undefined;
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return sendFrame(socket, errorFrame('invalid_frame', 'frame does not match the schema', ref, details));
      }
      try {
        const ack = await handle(parsed.data);
        if (ack && ref !== undefined) sendFrame(socket, { type: 'ack', ref });
      } catch (err) {
        if (isDomainError(err)) return sendFrame(socket, errorFrame(err.code, err.message, ref, err.details));
        onUnexpected(err);
        sendFrame(socket, errorFrame('internal', 'internal error', ref));
      }
    });
  });
};

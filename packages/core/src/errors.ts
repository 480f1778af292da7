/**
 * The one error type for broken domain rules. `code` is stable snake_case and is what clients match on;
 * the HTTP edge maps codes to status codes in one table (packages/server/src/http/errors.ts).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

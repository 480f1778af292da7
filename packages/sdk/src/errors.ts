/** An error answer from Baton: `code` is the stable snake_case code from the response body. */
export class BatonApiError extends Error {
  override readonly name = 'BatonApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Baton could not be reached (connection refused or reset, DNS, timeout) after every retry. */
export class BatonNetworkError extends Error {
  override readonly name = 'BatonNetworkError';
  constructor(
    message: string,
    /** Whether the request may have reached the server (false only when the connection was refused). */
    readonly maybeDelivered: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

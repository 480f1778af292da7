import type {
  AddTurnResponse,
  ConsentBody,
  ConsentResponse,
  SurveyBody,
  SurveyStatus,
  ConversationDetail,
  ConversationView,
  CreateConversationBody,
  CreateConversationResponse,
  ErrorBody,
  HandoffNotice,
  PublicTurn,
} from '@baton/contracts';
import type { WaitChoice } from './wait-choices-view.ts';

/** The answer to a long-wait choice (M3): the conversation after it and the turns it wrote. */
export interface WaitChoiceResult {
  choice: WaitChoice['choice'];
  conversation: ConversationView;
  handoff: HandoffNotice | null;
  turns: PublicTurn[];
}

/** A failed request; `status` 401/403/404 means the stored session is no longer usable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The conversation or its token is gone: start over instead of retrying. */
  get sessionLost(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

/** The customer-side HTTP API (widget). Every call after creation carries the conversation's token. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  createConversation(body: CreateConversationBody): Promise<CreateConversationResponse> {
    return this.request<CreateConversationResponse>('POST', '/v1/conversations', null, body);
  }

  addTurn(conversationId: string, token: string, text: string, idempotencyKey: string): Promise<AddTurnResponse> {
    return this.request<AddTurnResponse>(
      'POST',
      `/v1/conversations/${encodeURIComponent(conversationId)}/turns`,
      token,
      {
        role: 'customer',
        text,
        idempotencyKey,
      },
    );
  }

  getDetail(conversationId: string, token: string): Promise<ConversationDetail> {
    return this.request<ConversationDetail>('GET', `/v1/conversations/${encodeURIComponent(conversationId)}`, token);
  }

  close(conversationId: string, token: string): Promise<{ conversation: ConversationView }> {
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/close`, token, {});
  }

  getConsent(conversationId: string, token: string): Promise<ConsentResponse> {
    return this.request('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/consent`, token);
  }

  recordConsent(conversationId: string, token: string, body: ConsentBody): Promise<ConsentResponse> {
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/consent`, token, body);
  }

  getSurvey(conversationId: string, token: string): Promise<SurveyStatus> {
    return this.request('GET', `/v1/conversations/${encodeURIComponent(conversationId)}/survey`, token);
  }

  answerSurvey(conversationId: string, token: string, body: SurveyBody): Promise<SurveyStatus> {
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/survey`, token, body);
  }

  chooseWhileWaiting(conversationId: string, token: string, body: WaitChoice): Promise<WaitChoiceResult> {
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/wait-choice`, token, body);
  }

  /** WebSocket URL of the customer stream for one conversation. */
  streamUrl(conversationId: string, token: string): string {
    const url = new URL(`/v1/conversations/${encodeURIComponent(conversationId)}/stream`, this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    return url.toString();
  }

  private async request<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (payload as Partial<ErrorBody> | null)?.error;
      throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
    }
    return payload as T;
  }
}

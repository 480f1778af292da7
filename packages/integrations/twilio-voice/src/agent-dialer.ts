/**
 * Places the agent leg of a warm transfer through Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Calls.json`,
 * https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource). Plain fetch, so tests can
 * point `baseUrl` at a local stub.
 */
export interface AgentDialerOptions {
  accountSid: string;
  authToken: string;
  /** The Twilio number the agent sees calling. */
  callerId: string;
  /** Default https://api.twilio.com */
  baseUrl?: string;
  /** Seconds to ring before Twilio reports no-answer (default 20). */
  ringSeconds?: number;
  fetch?: typeof fetch;
}

export class AgentDialer {
  constructor(private readonly o: AgentDialerOptions) {}

  /** Rings `to`; Twilio fetches `answerUrl` when it answers and posts progress to `statusUrl`. Returns the call SID. */
  async dial(to: string, answerUrl: string, statusUrl: string): Promise<string> {
    const base = (this.o.baseUrl ?? 'https://api.twilio.com').replace(/\/$/, '');
    const body = new URLSearchParams({
      To: to,
      From: this.o.callerId,
      Url: answerUrl,
      Method: 'POST',
      StatusCallback: statusUrl,
      StatusCallbackMethod: 'POST',
      Timeout: String(this.o.ringSeconds ?? 20),
    });
    for (const e of ['initiated', 'ringing', 'answered', 'completed']) body.append('StatusCallbackEvent', e);
    const res = await (this.o.fetch ?? fetch)(`${base}/2010-04-01/Accounts/${this.o.accountSid}/Calls.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.o.accountSid}:${this.o.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json().catch(() => ({}))) as { sid?: string; message?: string };
    if (!res.ok || typeof json.sid !== 'string') {
      throw new Error(`Twilio refused the agent call (${res.status}${json.message ? `: ${json.message}` : ''})`);
    }
    return json.sid;
  }
}

import { useQuery } from '@tanstack/react-query';
import { assistRequest } from './assist-request.ts';

/**
 * Agent assist (A5): suggested replies (Use puts one in the composer to edit or send), knowledge articles
 * for the customer's latest message, next best actions and regulatory guidance. Refetched whenever the
 * customer writes (the query key carries the latest customer turn).
 */
export function AssistPanel({
  conversationId,
  token,
  lastCustomerSeq,
  onUseReply,
}: {
  conversationId: string;
  token: string;
  lastCustomerSeq: number;
  onUseReply: (text: string) => void;
}) {
  const assist = useQuery({
    queryKey: ['assist', conversationId, lastCustomerSeq],
    queryFn: () => assistRequest(conversationId, token),
    placeholderData: (previous) => previous,
    retry: 1,
    staleTime: 30_000,
  });
  const data = assist.data;

  return (
    <section className="assist" aria-labelledby="assist-title" aria-busy={assist.isFetching}>
      <h3 id="assist-title">Assist</h3>
      {assist.error ? (
        <p className="form-error" role="alert">
          {assist.error.message}
        </p>
      ) : null}
      {data === undefined ? (
        <p className="muted small">{assist.isFetching ? 'Loading suggestions…' : 'No suggestions.'}</p>
      ) : (
        <>
          {data.basedOn ? <p className="muted small">For: “{data.basedOn.text}”</p> : null}
          <h4>Suggested replies</h4>
          {data.replies.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <ul className="plain suggestions" aria-label="Suggested replies">
              {data.replies.map((r) => (
                <li key={`${r.kind}:${r.text}`}>
                  <p>{r.text}</p>
                  <button type="button" className="link" onClick={() => onUseReply(r.text)}>
                    Use<span className="sr-only"> this reply</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h4>Knowledge articles</h4>
          {data.articles.length === 0 ? (
            <p className="muted small">No matching article.</p>
          ) : (
            <ul className="plain articles" aria-label="Knowledge articles">
              {data.articles.map((a) => (
                <li key={a.id}>
                  <details>
                    <summary>{a.title}</summary>
                    <p className="small">{a.snippet}</p>
                    {a.location ? <p className="muted small">{a.location}</p> : null}
                  </details>
                </li>
              ))}
            </ul>
          )}
          {data.nextBestActions.length > 0 ? (
            <>
              <h4>Next best action</h4>
              <ul className="plain" aria-label="Next best actions">
                {data.nextBestActions.map((a) => (
                  <li key={a.code}>
                    <strong>{a.title}</strong>
                    <p className="small">{a.detail}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.guidance.length > 0 ? (
            <>
              <h4>Guidance</h4>
              <ul className="plain" aria-label="Regulatory guidance">
                {data.guidance.map((g) => (
                  <li key={g.topic}>
                    <strong>{g.title}</strong>
                    {g.mustSay.length > 0 ? <p className="small">Say: {g.mustSay.join('; ')}</p> : null}
                    {g.mustNotPromise.length > 0 ? (
                      <p className="small">Do not promise: {g.mustNotPromise.join('; ')}</p>
                    ) : null}
                    {g.escalateTo ? <p className="small">Escalate to: {g.escalateTo}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

import type { PolicyDocument, PolicyProblemView, PolicyTestResponse } from '@baton/contracts';
import { useEffect, useRef, useState } from 'react';
import { ApiError, policyApi } from './supervisor-api.ts';

const VALIDATE_AFTER_MS = 350;

/** Problems of a `policy_invalid` error (the test endpoint validates too). */
function problemsOf(error: unknown): PolicyProblemView[] | null {
  if (!(error instanceof ApiError) || error.code !== 'policy_invalid') return null;
  const details = error.details as { problems?: PolicyProblemView[] } | undefined;
  return details?.problems ?? [];
}

/**
 * The escalation policy editor (T12): the YAML in force, validated as you type with each problem on its line,
 * "Test this policy" runs the policy tests against the edit, and Save (once the tests pass on exactly this
 * text) puts it in force for the next customer turn.
 */
export function PolicyEditor({ token }: { token: string }) {
  const [doc, setDoc] = useState<PolicyDocument | null>(null);
  const [yaml, setYaml] = useState('');
  const [tests, setTests] = useState('');
  const [problems, setProblems] = useState<PolicyProblemView[]>([]);
  const [version, setVersion] = useState<string | null>(null);
  const [results, setResults] = useState<{ yaml: string; tests: string; response: PolicyTestResponse } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<'testing' | 'saving' | null>(null);
  const gutter = useRef<HTMLPreElement>(null);

  useEffect(() => {
    policyApi.read(token).then(
      (d) => {
        setDoc(d);
        setYaml(d.yaml);
        setTests(d.tests);
        setVersion(d.version);
      },
      (e: unknown) => setStatus(e instanceof Error ? e.message : 'Could not load the policy'),
    );
  }, [token]);

  useEffect(() => {
    if (!doc) return;
    const timer = window.setTimeout(() => {
      policyApi.validate(token, yaml).then(
        (v) => {
          setProblems(v.problems);
          setVersion(v.version);
        },
        () => undefined,
      );
    }, VALIDATE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [token, yaml, doc]);

  const runTests = () => {
    setBusy('testing');
    setStatus(null);
    const tested = { yaml, tests };
    policyApi.test(token, yaml, tests).then(
      (response) => {
        setResults({ ...tested, response });
        setBusy(null);
      },
      (e: unknown) => {
        const found = problemsOf(e);
        if (found) setProblems(found);
        setStatus(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : 'The tests could not run');
        setResults(null);
        setBusy(null);
      },
    );
  };

  const save = () => {
    setBusy('saving');
    policyApi.save(token, yaml).then(
      (saved) => {
        setStatus(
          `Saved: policy ${saved.version} is in force${saved.source === 'file' ? ' (policy file written)' : ''}.`,
        );
        setDoc((d) => (d ? { ...d, yaml, version: saved.version } : d));
        setBusy(null);
      },
      (e: unknown) => {
        const found = problemsOf(e);
        if (found) setProblems(found);
        setStatus(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : 'Not saved');
        setBusy(null);
      },
    );
  };

  if (!doc) return <p className="muted">{status ?? 'Loading the policy…'}</p>;
  const lines = yaml.split('\n').length;
  const badLines = new Set(problems.map((p) => p.line));
  const current = results !== null && results.yaml === yaml && results.tests === tests;
  const canSave = problems.length === 0 && current && results.response.failed === 0 && busy === null;
  const dirty = yaml !== doc.yaml;

  return (
    <div className="policy">
      <section className="card policy-main" aria-labelledby="policy-title">
        <header className="policy-head">
          <h2 id="policy-title">Escalation policy</h2>
          <p className="muted small">
            In force: <strong>{doc.version}</strong> ·{' '}
            {doc.source === 'file' ? `file ${doc.path ?? ''}` : 'kept in memory (no policy file)'}
            {dirty ? ' · edited, not saved' : ''}
          </p>
        </header>
        <div className="editor">
          <pre className="gutter" aria-hidden="true" ref={gutter}>
            {Array.from({ length: lines }, (_, i) => (
              <span key={i} className={badLines.has(i + 1) ? 'bad' : undefined}>
                {i + 1}
              </span>
            ))}
          </pre>
          <label htmlFor="policy-yaml" className="sr-only">
            Policy YAML
          </label>
          <textarea
            id="policy-yaml"
            spellCheck={false}
            value={yaml}
            aria-invalid={problems.length > 0}
            aria-describedby="policy-problems"
            onChange={(e) => setYaml(e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        <div id="policy-problems" aria-live="polite">
          {problems.length > 0 ? (
            <ul className="problems" aria-label="Policy problems">
              {problems.map((p, i) => (
                <li key={i}>
                  <strong>Line {p.line}</strong>
                  {p.path ? <code> {p.path}</code> : null}: {p.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok small">Valid{version ? `: version ${version}` : ''}.</p>
          )}
        </div>
        <div className="policy-actions">
          <button type="button" onClick={runTests} disabled={busy !== null || problems.length > 0}>
            {busy === 'testing' ? 'Testing…' : 'Test this policy'}
          </button>
          <button type="button" className="primary" onClick={save} disabled={!canSave}>
            {busy === 'saving' ? 'Saving…' : 'Save and put in force'}
          </button>
          <span className="muted small">
            {canSave ? 'Tests pass on this text.' : 'Save opens once the tests pass on exactly this text.'}
          </span>
        </div>
        {status ? (
          <p className="policy-status" role="status">
            {status}
          </p>
        ) : null}
      </section>
      <section className="card policy-tests" aria-labelledby="tests-title">
        <h2 id="tests-title">Policy tests</h2>
        {results && current ? (
          <div role="status" aria-label="Test results">
            <p className={results.response.failed === 0 ? 'ok' : 'breach'}>
              {results.response.passed} passed, {results.response.failed} failed (version {results.response.version})
            </p>
            <ul className="results">
              {results.response.results.map((r) => (
                <li key={r.name} className={r.passed ? 'pass' : 'fail'}>
                  {r.passed ? '✓' : '✗'} {r.name}
                  <span className="muted small">
                    {' '}
                    → {r.decision.kind}
                    {r.decision.rule ? ` (${r.decision.rule})` : ''}
                  </span>
                  {r.failures.map((f) => (
                    <div key={f} className="small breach">
                      {f}
                    </div>
                  ))}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="muted small">Run the tests to see each case against the edited policy.</p>
        )}
        <details>
          <summary>Edit the tests</summary>
          <label htmlFor="policy-tests" className="sr-only">
            Policy tests YAML
          </label>
          <textarea
            id="policy-tests"
            spellCheck={false}
            value={tests}
            rows={14}
            onChange={(e) => setTests(e.target.value)}
          />
        </details>
      </section>
    </div>
  );
}

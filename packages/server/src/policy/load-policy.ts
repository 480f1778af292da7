import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { escalationPolicySchema, type EscalationPolicyFile } from '../../../contracts/src/policy.ts';
import { DomainError, type EscalationPolicy } from '@baton/core';

// Compile-time guarantee that a valid file is a valid engine policy.
const _fileIsPolicy = (f: EscalationPolicyFile): EscalationPolicy => f;

/** One problem in a policy file, with the 1-based line it points at (0 when unknown). */
export interface PolicyProblem {
  path: string;
  line: number;
  message: string;
}

/** The stable error code of every rejected policy file. */
export const POLICY_INVALID = 'policy_invalid';

/**
 * Parses and validates policy YAML. Throws a DomainError `policy_invalid` listing every problem with its line
 * (YAML syntax errors and schema violations alike); the message reads "file:line path: message".
 */
export const parsePolicy = (source: string, file = '<policy>'): EscalationPolicy => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const problems: PolicyProblem[] = doc.errors.map((e) => ({
    path: '',
    line: lineCounter.linePos(e.pos[0]).line,
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (problems.length === 0) {
    const result = escalationPolicySchema.safeParse(doc.toJS());
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      problems.push({ path: issue.path.join('.'), line: lineOf(doc, lineCounter, issue), message: issue.message });
  }
  const text = problems.map((p) => `${file}:${p.line}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n');
  throw new DomainError(POLICY_INVALID, `Invalid escalation policy\n${text}`, { file, problems });
};

const lineOf = (doc: ReturnType<typeof parseDocument>, counter: LineCounter, issue: z.core.$ZodIssue): number => {
  // Walk up the path until a node exists: a missing key points at its parent map.
  for (let n = issue.path.length; n >= 0; n--) {
    const node = doc.getIn(issue.path.slice(0, n) as Array<string | number>, true) as
      { range?: [number, number, number] } | undefined;
    if (n === 0) return doc.contents?.range ? counter.linePos(doc.contents.range[0]).line : 1;
    if (node !== undefined && node !== null && typeof node === 'object' && node.range !== undefined)
      return counter.linePos(node.range[0]).line;
  }
  return 0;
};

/** Reads and validates a policy file. */
export const loadPolicyFile = (path: string): EscalationPolicy => parsePolicy(readFileSync(path, 'utf8'), path);

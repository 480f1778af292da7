import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  defaultEscalationPolicy,
  evaluate,
  initialEscalationState,
  type EscalationPolicy,
  type PolicyTestTurn,
} from '@baton/core';
import { loadPolicyFile } from '../../../server/src/policy/load-policy.ts';

/** One recorded conversation per JSONL line: `{ id, customer?, turns: [{ role, text, channel?, annotations? }] }`. */
interface RecordedConversation {
  id?: string;
  customer?: Record<string, unknown>;
  turns: PolicyTestTurn[];
}

/** Where (1-based turn) and why a policy first hands off a conversation, or null. */
interface FirstHandoff {
  turn: number;
  rule: string;
  reason: string;
}

const firstHandoff = (c: RecordedConversation, policy: EscalationPolicy): FirstHandoff | null => {
  let state = initialEscalationState();
  for (let i = 0; i < c.turns.length; i++) {
    const t = c.turns[i];
    if (t === undefined) continue;
    const r = evaluate(
      {
        role: t.role ?? 'customer',
        text: t.text,
        channel: t.channel ?? 'chat',
        annotations: t.annotations ?? {},
        ...(c.customer ? { customer: c.customer } : {}),
      },
      state,
      policy,
    );
    state = r.state;
    if (r.decision.kind === 'handoff')
      return { turn: i + 1, rule: r.decision.rule ?? '', reason: r.decision.reason?.code ?? '' };
  }
  return null;
};

/** Registers `baton replay --policy new.yaml [--against old.yaml] <conversations.jsonl>` (T13). */
export const registerReplayCommand = (program: Command): void => {
  program
    .command('replay')
    .description('run a policy over recorded conversations and diff it against another')
    .argument('<conversations>', 'JSONL file, one conversation per line')
    .requiredOption('--policy <file>', 'the new policy')
    .option('--against <file>', 'the policy to compare with (default: the built-in default policy)')
    .option('--json', 'print the diff as JSON')
    .action((file: string, options: { policy: string; against?: string; json?: boolean }) => {
      const next = loadPolicyFile(options.policy);
      const old = options.against !== undefined ? loadPolicyFile(options.against) : defaultEscalationPolicy;
      const conversations = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as RecordedConversation);
      const gained: Array<{ id: string } & FirstHandoff> = [];
      const lost: Array<{ id: string } & FirstHandoff> = [];
      const moved: Array<{ id: string; from: FirstHandoff; to: FirstHandoff }> = [];
      const byReason = new Map<string, { old: number; next: number }>();
      conversations.forEach((c, i) => {
        const id = c.id ?? `#${i + 1}`;
        const a = firstHandoff(c, old);
        const b = firstHandoff(c, next);
        for (const [h, key] of [
          [a, 'old'],
          [b, 'next'],
        ] as const) {
          if (h === null) continue;
          const row = byReason.get(h.reason) ?? { old: 0, next: 0 };
          row[key]++;
          byReason.set(h.reason, row);
        }
        if (a === null && b !== null) gained.push({ id, ...b });
        else if (a !== null && b === null) lost.push({ id, ...a });
        else if (a !== null && b !== null && (a.turn !== b.turn || a.rule !== b.rule))
          moved.push({ id, from: a, to: b });
      });
      const summary = {
        conversations: conversations.length,
        policy: next.version,
        against: old.version,
        gained,
        lost,
        moved,
        byReason: Object.fromEntries(byReason),
      };
      if (options.json === true) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      console.log(`${conversations.length} conversations: ${next.version} vs ${old.version}`);
      console.log(`handoffs gained: ${gained.length}, lost: ${lost.length}, moved: ${moved.length}`);
      for (const g of gained) console.log(`  + ${g.id} at turn ${g.turn}: ${g.rule} (${g.reason})`);
      for (const l of lost) console.log(`  - ${l.id} (was turn ${l.turn}: ${l.rule})`);
      for (const m of moved)
        console.log(`  ~ ${m.id}: turn ${m.from.turn} ${m.from.rule} → turn ${m.to.turn} ${m.to.rule}`);
      console.log('by reason (against → policy):');
      for (const [reason, r] of byReason) console.log(`  ${reason.padEnd(20)} ${r.old} → ${r.next}`);
    });
};

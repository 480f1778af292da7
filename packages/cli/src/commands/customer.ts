import { writeFile } from 'node:fs/promises';
import { parseEnv, SubjectRights } from '@baton/server';
import type { Command } from 'commander';
import { cipherFromEnv, storeFromEnv } from './store-from-env.ts';

const openStore = () => storeFromEnv(parseEnv(process.env));

/** Prints a domain error's code and message (customer_not_found, conversation_open) without a stack. */
const explain = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' ? `${e.code}: ${String(e.message)}` : String(err);
};

/** `baton customer export|erase`: subject rights (P7) from the command line, audited as `cli:<user>`. */
export const registerCustomerCommands = (program: Command): void => {
  const customer = program.command('customer').description("one customer's data: export and erasure (P7)");
  const actor = `cli:${process.env['USER'] ?? 'operator'}`;

  customer
    .command('find')
    .description('find the customer of a subject request (prints ids, names and contacts)')
    .option('--email <email>', 'e-mail, any case')
    .option('--phone <phone>', 'phone, E.164')
    .option('--external-id <id>', "the customer's id in the CRM or the business's systems")
    .action(async (opts: { email?: string; phone?: string; externalId?: string }) => {
      if (opts.email === undefined && opts.phone === undefined && opts.externalId === undefined) {
        console.error('give --email, --phone or --external-id');
        process.exitCode = 2;
        return;
      }
      const store = await openStore();
      try {
        const found = await new SubjectRights(store, { now: () => new Date() }).find(opts, actor);
        for (const c of found) {
          console.log([c.id, c.name ?? '-', c.email ?? '-', c.phone ?? '-', c.externalId ?? '-'].join('\t'));
        }
        if (found.length === 0) console.error('no customer matches');
      } finally {
        await store.close();
      }
    });

  customer
    .command('export <customerId>')
    .description('write everything held about the customer as JSON (stdout, or --out)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (customerId: string, opts: { out?: string }) => {
      const store = await openStore();
      try {
        // With the keys, the export carries the kept originals of redacted turns: the customer's own words.
        const cipher = cipherFromEnv(parseEnv(process.env));
        const data = await new SubjectRights(store, { now: () => new Date() }, cipher).export(customerId, actor);
        const json = `${JSON.stringify(data, null, 2)}\n`;
        if (opts.out === undefined) process.stdout.write(json);
        else {
          await writeFile(opts.out, json, { mode: 0o600 });
          console.error(`exported ${data.conversations.length} conversations to ${opts.out}`);
        }
      } catch (err) {
        console.error(explain(err));
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  customer
    .command('erase <customerId>')
    .description("erase the customer's personal data (conversations must be closed); needs --yes")
    .option('--yes', 'confirm: this cannot be undone')
    .action(async (customerId: string, opts: { yes?: boolean }) => {
      if (opts.yes !== true) {
        console.error('erasure cannot be undone: run again with --yes');
        process.exitCode = 2;
        return;
      }
      const store = await openStore();
      try {
        const r = await new SubjectRights(store, { now: () => new Date() }).erase(customerId, actor);
        console.log(
          `erased customer ${r.customerId}: ${r.conversationIds.length} conversations, ${r.turns} turns wiped`,
        );
      } catch (err) {
        console.error(explain(err));
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
};

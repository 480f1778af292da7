#!/usr/bin/env node
import { Command } from 'commander';
import { explainStartError, registerStartCommand } from './commands/start.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerSimulateLiveCommand } from './commands/simulate-live.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerRetentionCommands } from './commands/retention.ts';
import { registerCustomerCommands } from './commands/customer.ts';
import { registerEncryptionCommands } from './commands/encryption.ts';
import { registerIntentCommands } from './commands/intent.ts';

const program = new Command()
  .name('baton')
  .description('Baton: hands customer conversations from an AI assistant to a human at the right moment.')
  .version('0.1.0');

registerStartCommand(program);
registerMigrateCommand(program);
registerPolicyCommands(program);
registerReplayCommand(program);
registerSimulateCommand(program);
registerSimulateLiveCommand(program);
registerAuditCommands(program);
registerRetentionCommands(program);
registerCustomerCommands(program);
registerEncryptionCommands(program);
registerIntentCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(explainStartError(err));
  process.exit(1);
});

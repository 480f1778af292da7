/**
 * Runs the FAQ bot: `BATON_URL=http://127.0.0.1:3000 BATON_BOT_KEY=demo-bot-key npx tsx examples/faq-bot/main.ts`
 */
import { startFaqBot } from './bot.ts';

const baseUrl = process.env['BATON_URL'] ?? 'http://127.0.0.1:3000';
const apiKey = process.env['BATON_BOT_KEY'] ?? 'demo-bot-key';
const bot = await startFaqBot({ baseUrl, apiKey, log: (line) => process.stdout.write(`${line}\n`) });
process.once('SIGINT', () => {
  bot.stop();
  process.exit(0);
});

/**
 * The fan-out benchmark's SMTP sink, in its own process so receiving mail does not share the
 * measuring process's event loop. Prints `listening <port>`; over IPC, `{ type: 'count' }` is
 * answered with `{ type: 'count', messages, distinctMessageIds }` and `{ type: 'reset' }` empties it.
 */
import { startSmtpSink } from '../src/modules/mail/smtp-sink.test-helpers.ts';

const ids = new Set<string>();
const sink = await startSmtpSink({ onMessage: (m) => m.messageId && ids.add(m.messageId) });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'count') process.send?.({ type: 'count', messages: sink.messages.length, distinctMessageIds: ids.size });
  if (msg.type === 'reset') {
    sink.messages.length = 0;
    ids.clear();
    process.send?.({ type: 'reset' });
  }
});
process.on('disconnect', () => void sink.close().then(() => process.exit(0)));
process.stdout.write(`listening ${sink.port}\n`);

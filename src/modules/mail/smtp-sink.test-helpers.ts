/**
 * A real SMTP server on 127.0.0.1 (smtp-server, no auth, no STARTTLS) that records what it
 * accepted: the mail tests, the fan-out fault test and the fan-out benchmark's sink process.
 * A message counts as received only when its DATA ended in full: a client killed in the middle of
 * a message leaves nothing behind, as with a real server.
 */
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface SinkMessage {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The Message-ID header as sent, with its angle brackets; null when missing. */
  messageId: string | null;
  /** The whole message, when `keepRaw` is set. */
  raw: Buffer | null;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: SinkMessage[];
  /** Resolves once `count` messages were received; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** Keep each message's bytes (tests parse them); off for the benchmark. */
  keepRaw?: boolean;
  /** Refuses a recipient with the returned SMTP reply (e.g. 550 or 450); null accepts it. */
  rejectRecipient?: (address: string) => { code: number; text: string } | null;
  /** Called for every message received in full. */
  onMessage?: (message: SinkMessage) => void;
}

/** The Message-ID header of a raw message (first header block only). */
export function headerMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? null;
}

/** Starts the sink on a free loopback port. */
export async function startSmtpSink(opts: SinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // nodemailer's pool keeps connections open between messages.
    socketTimeout: 60_000,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      const refusal = opts.rejectRecipient?.(address.address);
      if (refusal) {
        const err: SMTPServerError = new Error(refusal.text);
        err.responseCode = refusal.code;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', () => {});
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const message: SinkMessage = { to: session.envelope.rcptTo.map((a) => a.address), messageId: headerMessageId(raw), raw: opts.keepRaw ? raw : null };
        messages.push(message);
        opts.onMessage?.(message);
        for (const w of waiters) w();
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(count, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        if (messages.length >= count) return resolve();
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Pooled clients keep their connections: close them instead of waiting for QUIT.
        for (const c of (server as unknown as { connections: Set<{ close(): void }> }).connections) c.close();
        server.close(() => resolve());
      }),
  };
}

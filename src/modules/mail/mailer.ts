import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type TransportOptions } from 'nodemailer';
import type { Row } from '../../db/schema.ts';

/** Who a message is from: its workspace's sender name, and its own address or else MAIL_FROM's. */
export interface Sender {
  name: string;
  address: string | null;
}

export interface Mailer {
  /** 'sent' when an SMTP server accepted it, 'outboxed' when written to the outbox folder; without `sender`, from MAIL_FROM. */
  send(message: Row<'messages'>, sender?: Sender | null): Promise<'sent' | 'outboxed'>;
  close(): void;
  readonly mode: 'smtp' | 'outbox';
}

/** Connections of the SMTP pool when not configured otherwise. */
export const DEFAULT_SMTP_POOL = 5;

export interface MailerOptions {
  smtpUrl: string | null;
  from: string;
  /** Where .eml files go when no SMTP server is configured. */
  outboxDir: string;
  /** Connections of the SMTP pool. */
  maxConnections?: number;
}

/** The address in MAIL_FROM (`Name <a@b>` or `a@b`). */
const addressOf = (from: string): string => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();

/**
 * The nodemailer message for a stored row: same Message-ID, headers and parts on every try. A
 * sender's name goes to nodemailer as a name (it quotes and encodes it), never spliced into a header.
 */
export function toMailOptions(message: Row<'messages'>, from: string, sender?: Sender | null): SendMailOptions {
  return {
    from: sender ? { name: sender.name, address: sender.address ?? addressOf(from) } : from, to: message.to_address, subject: message.subject, text: message.text_body, html: message.html_body,
    messageId: message.message_id, date: new Date(message.created_at),
    headers: { 'Auto-Submitted': 'auto-generated', ...(JSON.parse(message.headers) as Record<string, string>) },
  };
}

/**
 * SMTP through a nodemailer pool when `SMTP_URL` is set; otherwise an outbox: the message stays
 * in the database (status `outboxed`) and is written as an .eml file, so nothing is dropped.
 */
export function createMailer(opts: MailerOptions): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport({ url: opts.smtpUrl, pool: true, maxConnections: opts.maxConnections ?? DEFAULT_SMTP_POOL, maxMessages: Infinity } as TransportOptions);
    return {
      mode: 'smtp',
      async send(message, sender) {
        await transport.sendMail(toMailOptions(message, opts.from, sender));
        return 'sent';
      },
      close: () => transport.close(),
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let made = false;
  return {
    mode: 'outbox',
    async send(message, sender) {
      const info = await builder.sendMail(toMailOptions(message, opts.from, sender));
      if (!made) {
        await mkdir(opts.outboxDir, { recursive: true });
        made = true;
      }
      await writeFile(join(opts.outboxDir, `${message.id}.eml`), info.message as Buffer);
      return 'outboxed';
    },
    close: () => builder.close(),
  };
}

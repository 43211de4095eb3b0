import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Outgoing e-mail. With SMTP_URL set, messages go to that server through nodemailer; without
 * it, they are written to the log so a development site still shows what would have been sent.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailLogger {
  info(obj: unknown, msg: string): void;
}

/** The sender address: the site's own host, so replies and bounces stay with the site. */
export function senderFor(baseUrl: string): string {
  return `Hearth <no-reply@${new URL(baseUrl).hostname}>`;
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }

  close(): void {
    this.transport.close();
  }
}

export class LogMailer implements Mailer {
  constructor(private readonly log: MailLogger, private readonly from: string) {}

  async send(message: MailMessage): Promise<void> {
    this.log.info({ mail: { from: this.from, to: message.to, subject: message.subject, headers: message.headers, text: message.text } },
      'e-mail not sent (SMTP_URL is not set)');
  }

  close(): void {}
}

export function createMailer(config: { smtpUrl: string | undefined; baseUrl: string }, log: MailLogger): Mailer {
  const from = senderFor(config.baseUrl);
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, from) : new LogMailer(log, from);
}

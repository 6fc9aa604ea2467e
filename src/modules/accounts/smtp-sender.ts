import { loadNodemailer } from '../../shared/optional-modules.js';
import type { SmtpConfig } from '../../config.js';
import type { MessageSender } from './sender.js';

/**
 * Email over SMTP. A refusal by the server (a 4xx or 5xx reply) rejects the promise, so the
 * job that sent it is tried again later. Timeouts stay well inside a job's one-minute lease:
 * a delivery still hanging when the lease lapses would be sent a second time by another runner.
 */
export function smtpSender(config: SmtpConfig): MessageSender {
  const transport = loadNodemailer().createTransport({ url: config.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(message) {
      await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject ?? 'Vitrine',
        text: message.text,
      });
    },
  };
}

import type { FastifyBaseLogger } from 'fastify';

/** How codes and notices reach people. Real SMS or email gateways implement this. */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  text: string;
}

/** The default sender: writes each message to the log, and keeps the last ones for tests and demos. */
export function consoleSender(log?: Pick<FastifyBaseLogger, 'info'>): MessageSender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      if (sent.length > 100) sent.shift();
      if (log) log.info({ channel: message.channel, to: message.to }, `message: ${message.text}`);
      else console.log(`[${message.channel} to ${message.to}] ${message.text}`);
    },
  };
}

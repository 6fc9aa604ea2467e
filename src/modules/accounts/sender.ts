import type { FastifyBaseLogger } from 'fastify';
import type { MessagingConfig } from '../../config.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { aliyunSmsSender } from './aliyun-sms-sender.js';
import { smtpSender } from './smtp-sender.js';

/** How codes and notices reach people. Real SMS or email gateways implement this. */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  /** A phone number as accounts store it (+86…) or an email address. */
  to: string;
  /** The message rendered in the recipient's language. */
  text: string;
  /** An email's subject line, in the recipient's language. */
  subject?: string;
  /**
   * What the text was rendered from. SMS gateways of mainland China send only templates
   * registered with them beforehand, filled with these parameters, never free text.
   */
  template?: { name: string; params: Record<string, string> };
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

/** One sender per channel. */
export function channelSender(byChannel: Record<OutgoingMessage['channel'], MessageSender>): MessageSender {
  return { send: (message) => byChannel[message.channel].send(message) };
}

/** Email by SMTP when SMTP_URL is set, SMS by Aliyun when its keys are; the console for the rest. */
export function senderFromConfig(config: MessagingConfig, log?: Pick<FastifyBaseLogger, 'info'>, clock: Clock = systemClock): MessageSender {
  const fallback = consoleSender(log);
  return channelSender({
    email: config.smtp ? smtpSender(config.smtp) : fallback,
    sms: config.aliyunSms ? aliyunSmsSender(config.aliyunSms, { clock }) : fallback,
  });
}

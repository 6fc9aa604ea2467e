import type { MessagingConfig } from '../../config.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { aliyunSmsSender } from './aliyun-sms-sender.js';
import { maskIdentifier, parseIdentifier } from './identifiers.js';
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

/** Where senders write: the app's logger, or anything with the same two methods. */
export interface SenderLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The default sender: writes each message to the log, and keeps the last ones for tests and demos. */
export function consoleSender(log?: Pick<SenderLog, 'info'>): MessageSender & { sent: OutgoingMessage[] } {
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

/** A gateway's refusal, logged with its reason (the recipient masked) before it reaches the caller. */
function loggingFailures(sender: MessageSender, warn: (obj: object, msg: string) => void): MessageSender {
  return {
    async send(message) {
      try {
        await sender.send(message);
      } catch (err) {
        const recipient = parseIdentifier(message.to);
        warn({ err, channel: message.channel, to: recipient ? maskIdentifier(recipient) : undefined, template: message.template?.name }, 'message not sent');
        throw err;
      }
    },
  };
}

/** Email by SMTP when SMTP_URL is set, SMS by Aliyun when its keys are; the console for the rest. */
export function senderFromConfig(config: MessagingConfig, log?: SenderLog, clock: Clock = systemClock): MessageSender {
  const fallback = consoleSender(log);
  const warn = (obj: object, msg: string) => (log ? log.warn(obj, msg) : console.warn(msg, obj));
  return channelSender({
    email: config.smtp ? loggingFailures(smtpSender(config.smtp), warn) : fallback,
    sms: config.aliyunSms ? loggingFailures(aliyunSmsSender(config.aliyunSms, { clock }), warn) : fallback,
  });
}

/**
 * Webhook sink: POSTs each alert as JSON (Nightlight's own shape, or a Slack incoming-webhook
 * payload) with retries. Nightlight-shaped deliveries are signed: `X-Nightlight-Signature:
 * t=<epoch>,sha256=<hex HMAC-SHA256 of "<epoch>.<body>">` with the shared secret, and carry
 * `X-Nightlight-Delivery: <dedupe key>` so a receiver can drop a copy it already has.
 */
import { createHmac } from 'node:crypto';
import { formatTime, type EpochSeconds } from '../../model/time.js';
import type { AlertMessage } from './alert-change.js';
import type { AlertSink } from './alert-sink.js';
import { slackPayload } from './chat-payloads.js';
import { postWithRetry, type RetryOptions } from './post-with-retry.js';

export interface WebhookSinkOptions {
  readonly name?: string;
  readonly url: string;
  /** HMAC key; without it deliveries are unsigned. */
  readonly secret?: string | undefined;
  readonly format?: 'nightlight' | 'slack';
  /** Base URL of the public API, for links to the event. */
  readonly publicUrl?: string | undefined;
  readonly clock: () => EpochSeconds;
  readonly retry: RetryOptions;
}

export function signBody(secret: string, timestamp: EpochSeconds, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function createWebhookSink(options: WebhookSinkOptions): AlertSink {
  const format = options.format ?? 'nightlight';
  const name = options.name ?? `webhook:${new URL(options.url).host}`;
  return {
    name,
    deliver(message) {
      const link =
        options.publicUrl === undefined
          ? undefined
          : `${options.publicUrl.replace(/\/+$/, '')}/api/v1/events/${encodeURIComponent(message.event.id)}`;
      const body = JSON.stringify(
        format === 'slack' ? slackPayload(message, link) : nightlightPayload(message, link),
      );
      return postWithRetry(
        options.url,
        () => {
          const timestamp = options.clock();
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            'user-agent': 'nightlight-alerts',
            'x-nightlight-delivery': message.key,
          };
          if (options.secret !== undefined && options.secret !== '')
            headers['x-nightlight-signature'] =
              `t=${timestamp},sha256=${signBody(options.secret, timestamp, body)}`;
          return { method: 'POST', headers, body };
        },
        options.retry,
      );
    },
  };
}

function nightlightPayload(message: AlertMessage, link: string | undefined) {
  return {
    key: message.key,
    kind: message.kind,
    title: message.title,
    text: message.text,
    at: formatTime(message.at),
    ...(link === undefined ? {} : { link }),
    event: message.event,
  };
}

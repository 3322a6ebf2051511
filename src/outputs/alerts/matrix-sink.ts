/**
 * Matrix sink: sends each alert as an `m.room.message` with the client-server API's
 * `PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}`. The transaction id is
 * the alert's dedupe key, so a retried send is deduplicated by the homeserver itself.
 */
import type { AlertSink } from './alert-sink.js';
import { matrixPayload } from './chat-payloads.js';
import { postWithRetry, type RetryOptions } from './post-with-retry.js';

export interface MatrixSinkOptions {
  readonly homeserver: string;
  readonly roomId: string;
  readonly accessToken: string;
  readonly publicUrl?: string | undefined;
  readonly retry: RetryOptions;
}

export function createMatrixSink(options: MatrixSinkOptions): AlertSink {
  const base = options.homeserver.replace(/\/+$/, '');
  return {
    name: `matrix:${options.roomId}`,
    deliver(message) {
      const link =
        options.publicUrl === undefined
          ? undefined
          : `${options.publicUrl.replace(/\/+$/, '')}/api/v1/events/${encodeURIComponent(message.event.id)}`;
      const url = `${base}/_matrix/client/v3/rooms/${encodeURIComponent(options.roomId)}/send/m.room.message/${encodeURIComponent(message.key)}`;
      const body = JSON.stringify(matrixPayload(message, link));
      return postWithRetry(
        url,
        () => ({
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.accessToken}`,
          },
          body,
        }),
        options.retry,
      );
    },
  };
}

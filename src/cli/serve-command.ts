/**
 * `nightlight serve [--port 8080] [--host 127.0.0.1]`: opens the configured store and serves
 * the HTTP API, feeds, metrics and the dashboard (dist/web) until SIGINT or SIGTERM, then
 * stops accepting connections, lets requests in flight finish, and closes the store. With a
 * webhook, Slack or Matrix target it also runs the alert loop every --alert-interval seconds.
 * Secrets come from the environment only: NIGHTLIGHT_API_TOKEN, NIGHTLIGHT_WEBHOOK_SECRET,
 * NIGHTLIGHT_MATRIX_TOKEN.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import { estimateCost } from '../impact/cost-model.js';
import { costOfEvent } from '../impact/event-cost.js';
import type { OutageEvent } from '../model/event.js';
import { NightlightError, isNightlightError, messageOf } from '../model/failure.js';
import { createAlertDispatcher } from '../outputs/alerts/alert-dispatcher.js';
import type { AlertSink } from '../outputs/alerts/alert-sink.js';
import { createMatrixSink } from '../outputs/alerts/matrix-sink.js';
import { DEFAULT_RETRY } from '../outputs/alerts/post-with-retry.js';
import { createWebhookSink } from '../outputs/alerts/webhook-sink.js';
import { createApi } from '../outputs/api/create-api.js';
import { openStore } from '../store/open-store.js';
import { contextOf } from './context.js';
import { loadGeo } from './load-geo.js';

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly webRoot?: string;
  readonly geo?: boolean;
  readonly publicUrl?: string;
  readonly webhook?: string[];
  readonly slackWebhook?: string[];
  readonly matrixHomeserver?: string;
  readonly matrixRoom?: string;
  readonly alertInterval: string;
  readonly rateLimit: string;
}

const now = () => Math.floor(Date.now() / 1000);

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the HTTP API, feeds, metrics and dashboard; run alerts when targets are given',
    )
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--web-root <dir>', 'built dashboard directory', 'dist/web')
    .option('--geo', 'load the geo tables for AS names (slower start, more memory)')
    .option('--public-url <url>', 'base URL for links in feeds and alerts')
    .option(
      '--webhook <url...>',
      'POST signed JSON alerts here (secret: NIGHTLIGHT_WEBHOOK_SECRET)',
    )
    .option('--slack-webhook <url...>', 'POST Slack-formatted alerts to this incoming webhook')
    .option(
      '--matrix-homeserver <url>',
      'Matrix homeserver for alerts (token: NIGHTLIGHT_MATRIX_TOKEN)',
    )
    .option('--matrix-room <id>', 'Matrix room id for alerts')
    .option('--alert-interval <seconds>', 'seconds between alert runs', '60')
    .option('--rate-limit <perSecond>', 'requests per second per client IP (0: off)', '20')
    .action(async (options: ServeOptions, command: Command) => {
      const context = contextOf(command);
      const port = integer(options.port, 'port', 0, 65535);
      const interval = integer(options.alertInterval, 'alert-interval', 5, 86400);
      const perSecond = integer(options.rateLimit, 'rate-limit', 0, 1_000_000);
      const geo =
        options.geo === true ? await loadGeo(context.config, { quiet: context.json }) : null;
      const store = await openStore(context.storeUrl);
      const webRoot = resolve(options.webRoot ?? 'dist/web');
      const {
        app,
        metrics,
        context: api,
        idle,
      } = createApi({
        store,
        signals: SIGNALS,
        clock: now,
        auth: { token: process.env.NIGHTLIGHT_API_TOKEN },
        limits: { ratePerSecond: perSecond, rateBurst: perSecond === 0 ? 0 : perSecond * 6 },
        webRoot: existsSync(webRoot) ? webRoot : null,
        ...(geo === null ? {} : { asName: (asn: number) => geo.lookupAsn(asn).name }),
        ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
        impact: (event: OutageEvent) => {
          // An event the model cannot cost (no GDP for its country, an app without a share)
          // still has its detail page: the reason replaces the cost.
          try {
            return costOfEvent(event, {
              ...(geo === null ? {} : { share: { networks: geo } }),
              now: now(),
            });
          } catch (error) {
            if (isNightlightError(error)) return { unavailable: error.message };
            throw error;
          }
        },
        cost: (query) => estimateCost(query),
      });
      const sinks = alertSinks(options);
      const server = serve({ fetch: app.fetch, port, hostname: options.host });
      await new Promise<void>((done, fail) => {
        server.once('listening', done);
        server.once('error', (error) =>
          fail(
            new NightlightError(
              'bad_config',
              `Cannot listen on ${options.host}:${port}: ${messageOf(error)}`,
            ),
          ),
        );
      });
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      context.print(
        `Serving ${context.storeUrl} on http://${options.host}:${bound}/ (API /api/v1, docs /openapi.json, metrics /metrics${sinks.length > 0 ? `, alerts to ${sinks.map((s) => s.name).join(', ')}` : ''})`,
      );

      const stop = new AbortController();
      const alerts =
        sinks.length === 0
          ? Promise.resolve()
          : alertLoop(
              createAlertDispatcher({
                store,
                sinks,
                clock: now,
                nameOf: (entity) => api.nameOf(entity),
                onDelivery: (sink, _message, ok) =>
                  metrics.alert(sink, ok ? 'delivered' : 'failed'),
              }),
              interval,
              stop.signal,
            );
      const signal = await new Promise<string>((done) => {
        process.once('SIGINT', () => done('SIGINT'));
        process.once('SIGTERM', () => done('SIGTERM'));
      });
      context.print(`Received ${signal}: finishing requests in flight and closing the store`);
      stop.abort();
      // close() stops accepting and drops idle keep-alive connections; answers in flight
      // still need the store, so it closes only once they are done.
      await new Promise<void>((done) => server.close(() => done()));
      await idle();
      await alerts;
      await store.close();
    });
}

async function alertLoop(
  dispatcher: ReturnType<typeof createAlertDispatcher>,
  intervalSeconds: number,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const summary = await dispatcher.run();
      if (summary.sent + summary.failed > 0)
        process.stderr.write(
          `nightlight alerts: sent ${summary.sent}, failed ${summary.failed}, deferred ${summary.deferred}\n`,
        );
    } catch (error) {
      process.stderr.write(`nightlight alerts: run failed: ${messageOf(error)}\n`);
    }
    await sleep(intervalSeconds * 1000, undefined, { signal }).catch(() => undefined);
  }
}

function alertSinks(options: ServeOptions): AlertSink[] {
  const retry = { ...DEFAULT_RETRY, fetch: globalThis.fetch, sleep: (ms: number) => sleep(ms) };
  const publicUrl = options.publicUrl;
  const sinks: AlertSink[] = [
    ...(options.webhook ?? []).map((url) =>
      createWebhookSink({
        url,
        secret: process.env.NIGHTLIGHT_WEBHOOK_SECRET,
        clock: now,
        retry,
        publicUrl,
      }),
    ),
    ...(options.slackWebhook ?? []).map((url) =>
      createWebhookSink({
        name: `slack:${new URL(url).host}`,
        url,
        format: 'slack',
        clock: now,
        retry,
        publicUrl,
      }),
    ),
  ];
  if (options.matrixHomeserver !== undefined || options.matrixRoom !== undefined) {
    const accessToken = process.env.NIGHTLIGHT_MATRIX_TOKEN ?? '';
    if (
      options.matrixHomeserver === undefined ||
      options.matrixRoom === undefined ||
      accessToken === ''
    )
      throw new NightlightError(
        'bad_config',
        'Cannot send Matrix alerts: need --matrix-homeserver, --matrix-room and NIGHTLIGHT_MATRIX_TOKEN',
      );
    sinks.push(
      createMatrixSink({
        homeserver: options.matrixHomeserver,
        roomId: options.matrixRoom,
        accessToken,
        retry,
        publicUrl,
      }),
    );
  }
  return sinks;
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new NightlightError(
      'bad_input',
      `Cannot read --${name}: expected an integer from ${min} to ${max}, found ${JSON.stringify(text)}`,
    );
  return value;
}

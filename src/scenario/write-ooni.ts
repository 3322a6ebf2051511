/**
 * Writes the OONI measurements the country's volunteers upload: JSON lines, one file per day.
 * Each network runs test sessions in proportion to its users (the instant-messaging suite and
 * web_connectivity over a few URLs), more by day than by night; during a blackout nothing is
 * uploaded. Apps the script blocks on the volunteer's network fail at the blocking method's
 * layer; so do their web front ends in web_connectivity.
 */
import { join } from 'node:path';
import { createFileSink } from './file-sink.js';
import type { Cell, NetworkModel } from './network-model.js';
import {
  facebookKeys,
  signalKeys,
  telegramKeys,
  webConnectivityKeys,
  whatsappKeys,
  type Method,
} from './ooni-test-keys.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario-schema.js';
import type { Timeline } from './timeline.js';
import { createShapes } from './traffic-shape.js';
import { dayStamp, type WriteResult } from './write-logs.js';

const APP_TESTS = [
  { test: 'whatsapp', version: '0.9.0', keys: whatsappKeys },
  { test: 'telegram', version: '0.2.0', keys: telegramKeys },
  { test: 'signal', version: '0.2.5', keys: signalKeys },
  { test: 'facebook_messenger', version: '0.2.0', keys: facebookKeys },
] as const;

/** Web front ends of the apps: blocked with them. */
const APP_HOSTS: Record<string, string> = {
  'web.whatsapp.com': 'whatsapp',
  'web.telegram.org': 'telegram',
  'signal.org': 'signal',
  'www.facebook.com': 'facebook_messenger',
  'www.messenger.com': 'facebook_messenger',
};

const pad = (n: number) => String(n).padStart(2, '0');
function ooniTime(t: number): string {
  const d = new Date(Math.floor(t) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function reportId(t: number, test: string, cc: string, asn: number, rng: Rng): string {
  const compact = ooniTime(t).replaceAll('-', '').replaceAll(':', '').replace(' ', 'T');
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let tail = '';
  for (let i = 0; i < 16; i++) tail += letters[rng.int(letters.length)];
  return `${compact}Z_${test}_${cc}_${asn}_n1_${tail}`;
}

/** A stable address for a URL's host, as the control would resolve it. */
function addressOf(host: string): string {
  let h = 0;
  for (let i = 0; i < host.length; i++) h = (Math.imul(h, 31) + host.charCodeAt(i)) >>> 0;
  return `104.${16 + (h % 16)}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
}

export async function writeOoni(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
  rng: Rng,
  dir: string,
): Promise<WriteResult> {
  const step = s.time.stepSeconds;
  const shapes = createShapes(s);
  const files: string[] = [];
  let records = 0;
  let bytes = 0;
  for (let day = Math.floor(s.time.from / 86400) * 86400; day < s.time.to; day += 86400) {
    let text = '';
    for (
      let bin = Math.max(day, s.time.from);
      bin < Math.min(day + 86400, s.time.to);
      bin += step
    ) {
      if (timeline.isSilent('ooni', bin)) continue;
      for (const cell of model.cells) {
        const rate = (s.ooni.sessionsPerMillionUsersPerDay * cell.users * step) / 1e6 / 86400;
        const shape = shapes.mobile(bin, cell.utcOffsetHours);
        for (let n = rng.poisson(rate * shape * timeline.factor(cell, bin)); n > 0; n--) {
          const t = bin + rng.next() * step;
          for (const m of session(s, cell, timeline, t, rng)) {
            text += `${JSON.stringify(m)}\n`;
            records++;
          }
        }
      }
    }
    const name = join(dir, `${dayStamp(day)}.jsonl`);
    files.push(name);
    const sink = createFileSink(name);
    await sink.write(text);
    bytes += text.length;
    await sink.close();
  }
  return { files, records, bytes };
}

function session(
  s: Scenario,
  cell: Cell,
  timeline: Timeline,
  start: number,
  rng: Rng,
): Record<string, unknown>[] {
  const blocked = timeline.blocked(cell, start);
  const { plan } = cell;
  const onMobile = rng.next() < plan.mobileShare;
  const out: Record<string, unknown>[] = [];
  let t = start;
  const envelope = (
    test: string,
    version: string,
    input: string | null,
    keys: Record<string, unknown>,
  ) => {
    const runtime = 0.5 + rng.next() * 4;
    const m = {
      annotations: {
        architecture: 'arm64',
        engine_name: 'ooniprobe-engine',
        engine_version: '3.14.0',
        network_type: onMobile ? 'mobile' : 'wifi',
        platform: onMobile ? 'android' : 'macos',
      },
      data_format_version: '0.2.0',
      input,
      measurement_start_time: ooniTime(t),
      probe_asn: `AS${plan.asn.asn}`,
      probe_cc: s.country,
      probe_ip: '127.0.0.1',
      probe_network_name: plan.asn.name,
      report_id: reportId(start, test, s.country, plan.asn.asn, rng),
      resolver_asn: `AS${plan.asn.asn}`,
      resolver_ip: '127.0.0.2',
      software_name: onMobile ? 'ooniprobe-android' : 'ooniprobe-desktop',
      software_version: '3.6.0',
      test_keys: keys,
      test_name: test,
      test_runtime: Number(runtime.toFixed(3)),
      test_start_time: ooniTime(start),
      test_version: version,
    };
    t += runtime;
    out.push(m);
  };
  for (const app of APP_TESTS)
    envelope(app.test, app.version, null, app.keys(blocked.get(app.test) ?? null));
  const urls = s.ooni.urls;
  for (let k = 0; k < Math.min(3, urls.length); k++) {
    const url = urls[rng.int(urls.length)]!;
    const host = new URL(url).hostname;
    const app = APP_HOSTS[host];
    const method: Method | null = app === undefined ? null : (blocked.get(app) ?? null);
    envelope(
      'web_connectivity',
      '0.4.1',
      url,
      webConnectivityKeys(url, addressOf(host), 13335, method, rng),
    );
  }
  return out;
}

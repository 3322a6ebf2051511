/**
 * Writes the access log of one popular website as its operator would keep it: combined
 * format, one gzip file per day named the logrotate way (`access.log-20220105.gz`), lines in
 * time order within each 5-minute bin. Requests per bin per cell follow users × popularity ×
 * the daily and weekly shape × log-normal noise × the script's traffic factor, drawn as
 * Poisson; a request from a withdrawn prefix never arrives. Foreign visitors keep coming
 * whatever happens in the country, so the log never falls silent on its own.
 */
import { join } from 'node:path';
import { formatClfTime } from '../collectors/traffic/log-time.js';
import { formatIpv4, formatIpv6 } from '../geo/ip.js';
import { parsePrefix } from '../geo/prefix.js';
import { createFileSink, type FileSink } from './file-sink.js';
import { prefixAt, type Cell, type NetworkModel } from './network-model.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario-schema.js';
import type { Timeline } from './timeline.js';
import { createShapes } from './traffic-shape.js';

const MOBILE_AGENTS = [
  'Mozilla/5.0 (Linux; Android 11; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 15_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; Redmi Note 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.92 Mobile Safari/537.36',
];
const DESKTOP_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:95.0) Gecko/20100101 Firefox/95.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Safari/605.1.15',
];
const PATHS = [
  '/',
  '/news/',
  '/news/politics/',
  '/news/economy/',
  '/weather/',
  '/static/app.js',
  '/static/main.css',
  '/api/v1/feed?page=2',
  '/search?q=almaty',
];
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 304, 404, 301];

export interface WriteResult {
  readonly files: readonly string[];
  readonly records: number;
  readonly bytes: number;
}

export function dayStamp(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

function offsetMinutes(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(3, 5)));
}

export async function writeLogs(
  s: Scenario,
  model: NetworkModel,
  timeline: Timeline,
  rng: Rng,
  dir: string,
  onBin?: (t: number) => void,
): Promise<WriteResult> {
  const step = s.time.stepSeconds;
  const perBin = (s.website.requestsPerUserPerDay * step) / 86400;
  const shapes = createShapes(s);
  const zone = offsetMinutes(s.website.logOffset);
  const visitors = s.visitors.map((v) => ({ ...v, blocks: v.prefixes.map(parsePrefix) }));
  const noise = s.traffic.noise;
  const files: string[] = [];
  let sink: FileSink | null = null;
  let day = '';
  let records = 0;
  let bytes = 0;
  // A 5-minute bin never crosses a local hour: its lines share `DD/Mon/YYYY:HH:` and the zone.
  let hourPrefix = '';
  let zoneSuffix = '';
  const entries: { t: number; text: string }[] = [];

  const address = (cell: Cell, t: number): string | null => {
    const { plan } = cell;
    const mobileUser = rng.next() < plan.mobileShare;
    const v6 = plan.v6.length > 0 && cell.v6[1] > cell.v6[0] && rng.next() < s.website.ipv6Share;
    if (v6) {
      const k = cell.v6[0] + rng.int(cell.v6[1] - cell.v6[0]);
      const i = prefixAt(plan.cum6, k);
      if (timeline.withdrawn(plan, 6, i, t)) return null;
      const n = plan.v6[i]!.first + (k - plan.cum6[i]!);
      const w1 = (((n % 65536) << 16) | rng.int(mobileUser ? 1 : 16)) >>> 0;
      return formatIpv6(Math.floor(n / 65536), w1, rng.int(4294967296), rng.int(4294967296));
    }
    const k = cell.v4[0] + rng.int(cell.v4[1] - cell.v4[0]);
    const i = prefixAt(plan.cum4, k);
    if (timeline.withdrawn(plan, 4, i, t)) return null;
    const block = plan.v4[i]!.first + (k - plan.cum4[i]!);
    // Mobile users sit behind carrier-grade NAT: few public addresses per /24.
    return formatIpv4(((block << 8) | (mobileUser ? 1 + rng.int(8) : 1 + rng.int(254))) >>> 0);
  };

  const line = (ip: string, t: number, mobileAgent: boolean): string => {
    const inHour = Math.floor(t + zone * 60) % 3600;
    const clfText = `${hourPrefix}${TWO_DIGITS[Math.floor(inHour / 60)]!}:${TWO_DIGITS[inHour % 60]!}${zoneSuffix}`;
    const path = rng.pick(PATHS);
    const status = rng.pick(STATUSES);
    const size = status === 304 ? 0 : 800 + rng.int(40000);
    const referer = rng.next() < 0.4 ? `https://${s.website.host}/` : '-';
    const agent = rng.pick(mobileAgent ? MOBILE_AGENTS : DESKTOP_AGENTS);
    return `${ip} - - [${clfText}] "GET ${path} HTTP/1.1" ${status} ${size} "${referer}" "${agent}"\n`;
  };

  for (let bin = s.time.from; bin < s.time.to; bin += step) {
    const stamp = dayStamp(bin);
    if (stamp !== day) {
      await sink?.close();
      day = stamp;
      const name = join(dir, `access.log-${stamp}.gz`);
      files.push(name);
      sink = createFileSink(name);
    }
    onBin?.(bin);
    if (timeline.isSilent('logs', bin)) continue;
    const clf = formatClfTime(bin, zone);
    [hourPrefix, zoneSuffix] = [clf.slice(0, 15), clf.slice(-6)];
    const middle = bin + step / 2;
    for (const cell of model.cells) {
      const shape =
        shapes.mobile(middle, cell.utcOffsetHours) * cell.plan.mobileShare +
        shapes.fixed(middle, cell.utcOffsetHours) * (1 - cell.plan.mobileShare);
      const jitter = Math.exp(noise * rng.normal() - (noise * noise) / 2);
      const n = rng.poisson(cell.users * perBin * shape * jitter * timeline.factor(cell, middle));
      for (let r = 0; r < n; r++) {
        const t = bin + rng.next() * step;
        const ip = address(cell, t);
        if (ip === null) continue;
        const mobileAgent =
          rng.next() < cell.plan.mobileShare * 0.95 + (1 - cell.plan.mobileShare) * 0.45;
        entries.push({ t, text: line(ip, t, mobileAgent) });
      }
    }
    for (const v of visitors) {
      const n = rng.poisson(((v.requestsPerDay * step) / 86400) * shapes.fixed(middle, 3));
      for (let r = 0; r < n; r++) {
        const t = bin + rng.next() * step;
        const p = rng.pick(v.blocks);
        const size = 2 ** (32 - p.length);
        const value =
          p.address.family === 4 ? p.address.value + 1 + rng.int(Math.max(1, size - 2)) : 0;
        entries.push({ t, text: line(formatIpv4(value >>> 0), t, rng.next() < 0.5) });
      }
    }
    entries.sort((a, b) => a.t - b.t);
    let chunk = '';
    for (const e of entries) chunk += e.text;
    records += entries.length;
    bytes += chunk.length;
    entries.length = 0;
    await sink!.write(chunk);
  }
  await sink?.close();
  return { files, records, bytes };
}

/**
 * Seeded generator of nginx/Apache combined-format access logs with realistic client
 * diversity, for the log benchmarks and tests: clients are drawn from a pool of addresses in
 * public IPv4 space (Zipf-like: a few heavy clients, a long tail of one-request ones), 30% with
 * a mobile user agent, times advancing evenly with a little jitter (lines up to 30 s out of
 * order). Run: `node --import tsx bench/logs-generate.ts OUT LINES [DISTINCT] [SECONDS]`.
 */
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatIpv4 } from '../src/geo/ip.js';
import { isBogonIpv4 } from '../src/collectors/darknet/spoof-filter.js';
import { formatClfTime } from '../src/collectors/traffic/log-time.js';

/** mulberry32: small, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
];
const PATHS = [
  '/',
  '/index.html',
  '/api/v1/status',
  '/static/app.js',
  '/static/style.css',
  '/images/logo.png',
  '/news/2022/01/05/article',
];
const STATUSES = ['200', '200', '200', '200', '304', '404', '301', '500'];

export interface GenerateOptions {
  readonly lines: number;
  readonly distinct: number;
  readonly start: number;
  readonly seconds: number;
  readonly seed?: number;
}

/** Yields the log in chunks of about 1 MB of lines. */
export function* generateCombinedLog(options: GenerateOptions): Generator<string> {
  const random = rng(options.seed ?? 42);
  const pool = new Uint32Array(options.distinct);
  for (let i = 0; i < pool.length; i++) {
    let ip: number;
    do ip = Math.floor(random() * 0xe0000000) >>> 0;
    while (isBogonIpv4(ip));
    pool[i] = ip;
  }
  let chunk: string[] = [];
  // Formatting a time costs more than the rest of the line: times repeat, so cache them.
  const times = new Map<number, string>();
  const clf = (time: number) => {
    let text = times.get(time);
    if (text === undefined) {
      if (times.size > 4096) times.clear();
      times.set(time, (text = formatClfTime(time, 360)));
    }
    return text;
  };
  for (let i = 0; i < options.lines; i++) {
    // Half the lines from the first 2% of the pool; the rest spread evenly over all of it.
    const r = random();
    const index =
      r < 0.5 ? Math.floor(random() * pool.length * 0.02) : Math.floor(random() * pool.length);
    const time =
      options.start + Math.floor((i / options.lines) * options.seconds) - Math.floor(random() * 30);
    const agent =
      random() < 0.3 ? AGENTS[3 + Math.floor(random() * 2)]! : AGENTS[Math.floor(random() * 3)]!;
    chunk.push(
      `${formatIpv4(pool[index]!)} - - [${clf(time)}] "GET ${PATHS[i % PATHS.length]!} HTTP/1.1" ${STATUSES[i % STATUSES.length]!} ${(i * 7919) % 50000} "-" "${agent}"`,
    );
    if (chunk.length === 5000) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}

export async function writeCombinedLog(path: string, options: GenerateOptions): Promise<void> {
  const out = createWriteStream(path);
  for (const text of generateCombinedLog(options)) {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, lines = '10000000', distinct = '2000000', seconds = '86400'] = process.argv.slice(2);
  if (path === undefined)
    throw new Error('usage: logs-generate.ts OUT [LINES] [DISTINCT] [SECONDS]');
  await writeCombinedLog(path, {
    lines: Number(lines),
    distinct: Number(distinct),
    start: 1641340800,
    seconds: Number(seconds),
  });
}

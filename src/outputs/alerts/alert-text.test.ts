import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutageEvent } from '../../model/event.js';
import type { AlertChange } from './alert-change.js';
import { buildAlertText, formatWhen, percentOfNormal } from './alert-text.js';

const START = Date.UTC(2022, 0, 5, 10, 35) / 1000;
const KZ: OutageEvent = {
  id: 'kz',
  start: START,
  end: null,
  scope: 'nationwide',
  access: 'both',
  layers: ['reachability'],
  mechanisms: ['blackhole-routes-up'],
  location: 'country/KZ',
  affected: [],
  apps: [],
  depth: 0.04,
  severity: 'critical',
  confidence: 0.9,
  signals: ['traffic.requests'],
  updatedAt: START + 600,
};
const names = (entity: string) =>
  ({ 'country/KZ': 'Kazakhstan', 'asn/9198': 'Kazakhtelecom' })[entity] ?? null;
const change = (kind: AlertChange['kind'], extra: Partial<AlertChange> = {}): AlertChange => ({
  kind,
  key: `kz:${kind}`,
  entities: [],
  previousDepth: null,
  at: START,
  ...extra,
});

describe('alert text', () => {
  it('writes the opening sentence from the facts', () => {
    assert.equal(
      buildAlertText(KZ, change('opened'), names, START + 3600).text,
      'Confirmed: Kazakhstan is in a nationwide internet shutdown since 10:35 UTC; connectivity at 4% of normal; routes remain announced; mobile and fixed networks affected',
    );
  });

  it('hedges by confidence and follows scope, mechanism and access', () => {
    const text = buildAlertText(
      {
        ...KZ,
        confidence: 0.6,
        scope: 'regional',
        mechanisms: ['routes-withdrawn'],
        access: 'mobile',
        depth: 0.25,
      },
      change('opened'),
      names,
      START + 60,
    ).text;
    assert.equal(
      text,
      'Likely: Kazakhstan is in a regional internet shutdown since 10:35 UTC; connectivity at 25% of normal; routes withdrawn from BGP; mobile networks affected',
    );
  });

  it('names blocked apps for application-layer events, without a depth', () => {
    const text = buildAlertText(
      {
        ...KZ,
        layers: ['application'],
        apps: ['whatsapp', 'telegram'],
        mechanisms: ['tls-sni-blocking'],
        access: 'unknown',
        confidence: 0.3,
      },
      change('opened'),
      names,
      START + 60,
    ).text;
    assert.equal(
      text,
      'Possible: Kazakhstan is blocking WhatsApp and Telegram since 10:35 UTC; TLS blocked by server name',
    );
  });

  it('describes deepening, spread, restoration and the end', () => {
    const now = START + 7200;
    assert.match(
      buildAlertText(KZ, change('deepened', { previousDepth: 0.3 }), names, now).text,
      /^Deepened: .*; connectivity now at 4% of normal \(was 30% of normal\);/,
    );
    assert.match(
      buildAlertText(KZ, change('spread', { entities: ['asn/9198', 'region/KZ-75'] }), names, now)
        .text,
      /^Spread: the outage in Kazakhstan now also affects AS9198 \(Kazakhtelecom\) and KZ-75; since 10:35 UTC/,
    );
    assert.match(
      buildAlertText(
        KZ,
        change('restored', { entities: ['asn/9198'], at: START + 3600 }),
        names,
        now,
      ).text,
      /^Partial restoration: AS9198 \(Kazakhtelecom\) back since 11:35 UTC; the outage in Kazakhstan continues/,
    );
    const ended = { ...KZ, end: START + 135 * 3600 };
    assert.match(
      buildAlertText(ended, change('closed'), names, ended.end + 60).text,
      /^Ended: Kazakhstan was in a nationwide internet shutdown from 5 Jan 2022 10:35 UTC to 01:35 UTC \(135 h\); lowest connectivity 4% of normal/,
    );
  });

  it('formats times and shares plainly', () => {
    assert.equal(formatWhen(START, START + 10), '10:35 UTC');
    assert.equal(formatWhen(START, START + 2 * 86400), '5 Jan 2022 10:35 UTC');
    assert.equal(percentOfNormal(0.045), '4.5% of normal');
    assert.equal(percentOfNormal(0.5), '50% of normal');
    assert.equal(percentOfNormal(0), '0% of normal');
  });
});

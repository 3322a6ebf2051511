import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from 'linkedom';
import type { OutageEvent } from '../../model/event.js';
import { buildAtomFeed, escapeXml } from './atom-feed.js';

const T = 1_641_378_900;
const event = (id: string, updatedAt: number, apps: string[] = []): OutageEvent => ({
  id,
  start: T,
  end: null,
  scope: 'nationwide',
  access: 'both',
  layers: apps.length > 0 ? ['application'] : ['reachability'],
  mechanisms: [],
  location: 'country/KZ',
  affected: [],
  apps,
  depth: 0.04,
  severity: 'critical',
  confidence: 0.9,
  signals: [],
  updatedAt,
});

/** The part of the DOM the assertions use (linkedom's parser is untyped). */
interface XmlNode {
  querySelector(selector: string): XmlNode | null;
  querySelectorAll(selector: string): Iterable<XmlNode>;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

describe('Atom feed', () => {
  const xml = buildAtomFeed({
    id: 'urn:nightlight:feed:KZ',
    title: 'Nightlight outages: Kazakhstan & co <test>',
    selfUrl: 'https://example.org/feeds/KZ.atom',
    siteUrl: 'https://example.org',
    events: [
      event('older', T + 60),
      event('newer "quoted"', T + 120, ['<script>alert(1)</script>']),
    ],
    nameOf: (e) => (e === 'country/KZ' ? 'Kazakhstan' : null),
    now: T + 200,
  });

  it('is well-formed Atom 1.0 with the required elements, newest entry first', () => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as XmlNode;
    const feed = doc.querySelector('feed')!;
    assert.equal(feed.getAttribute('xmlns'), 'http://www.w3.org/2005/Atom');
    for (const name of ['id', 'title', 'updated', 'author'])
      assert.ok(feed.querySelector(name), `feed has ${name}`);
    const entries = [...doc.querySelectorAll('entry')];
    assert.equal(entries.length, 2);
    for (const entry of entries)
      for (const name of ['id', 'title', 'updated', 'link', 'summary'])
        assert.ok(entry.querySelector(name), `entry has ${name}`);
    assert.equal(
      entries[0]!.querySelector('id')!.textContent,
      'urn:nightlight:event:newer%20%22quoted%22',
    );
    assert.equal(
      feed.querySelector('title')!.textContent,
      'Nightlight outages: Kazakhstan & co <test>',
    );
    assert.equal(feed.querySelector('updated')!.textContent, '2022-01-05T10:37:00Z');
  });

  it('escapes everything taken from events', () => {
    assert.ok(!xml.includes('<script>'));
    assert.ok(xml.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal(escapeXml('a\u0000b<&>"\''), 'ab&lt;&amp;&gt;&quot;&apos;');
  });
});

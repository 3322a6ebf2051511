/**
 * Atom 1.0 (RFC 4287) feeds of outage events: one entry per event, updated as the event
 * evolves, its title and summary the alert sentence for its current state. Every text is
 * XML-escaped; ids are URNs built from the event id. Pure.
 */
import type { OutageEvent } from '../../model/event.js';
import { formatTime, type EpochSeconds } from '../../model/time.js';
import type { AlertChange } from './alert-change.js';
import { buildAlertText, type NameOf } from './alert-text.js';

export interface AtomFeedInput {
  /** Feed IRI, e.g. `urn:nightlight:feed:global`. */
  readonly id: string;
  readonly title: string;
  /** Absolute URL of the feed itself and of the site; relative when no public URL is known. */
  readonly selfUrl: string;
  readonly siteUrl: string;
  readonly events: readonly OutageEvent[];
  readonly nameOf: NameOf;
  readonly now: EpochSeconds;
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped: an entity name from the store must not break the feed.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** The change that describes an event's current state: closed when ended, else opened. */
function stateOf(event: OutageEvent): AlertChange {
  const closed = event.end !== null;
  return {
    kind: closed ? 'closed' : 'opened',
    key: `${event.id}:state`,
    entities: [],
    previousDepth: null,
    at: event.end ?? event.start,
  };
}

export function buildAtomFeed(input: AtomFeedInput): string {
  const events = [...input.events].sort(
    (a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id),
  );
  const updated = events[0]?.updatedAt ?? input.now;
  const entries = events.map((event) => {
    const { title, text } = buildAlertText(event, stateOf(event), input.nameOf, input.now);
    const link = `${input.siteUrl}/events/${encodeURIComponent(event.id)}`;
    return [
      '  <entry>',
      `    <id>urn:nightlight:event:${escapeXml(encodeURIComponent(event.id))}</id>`,
      `    <title>${escapeXml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      `    <published>${formatTime(event.start)}</published>`,
      `    <updated>${formatTime(event.updatedAt)}</updated>`,
      `    <category term="${escapeXml(event.scope)}"/>`,
      `    <summary type="text">${escapeXml(text)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(input.id)}</id>`,
    `  <title>${escapeXml(input.title)}</title>`,
    `  <updated>${formatTime(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(input.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(input.siteUrl)}/"/>`,
    '  <author><name>Nightlight</name></author>',
    '  <generator>Nightlight</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

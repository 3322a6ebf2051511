/**
 * Which app a website belongs to, when it is an app's own web client or site: a
 * web_connectivity test of web.whatsapp.com measures WhatsApp (OONI's whatsapp test probes the
 * same client as `whatsapp_web_status`), not "the web". Host suffixes, matched on label
 * boundaries. Pure.
 */
import type { OoniTarget } from './verdict.js';

const APP_DOMAINS: readonly (readonly [string, OoniTarget])[] = [
  ['whatsapp.com', 'whatsapp'],
  ['whatsapp.net', 'whatsapp'],
  ['wa.me', 'whatsapp'],
  ['telegram.org', 'telegram'],
  ['telegram.me', 'telegram'],
  ['t.me', 'telegram'],
  ['signal.org', 'signal'],
  ['whispersystems.org', 'signal'],
  ['messenger.com', 'facebook_messenger'],
];

/** The app whose host this is (`web.whatsapp.com` → whatsapp), or null for other sites. */
export function appOfHost(host: string | null): OoniTarget | null {
  if (host === null) return null;
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const [domain, app] of APP_DOMAINS)
    if (name === domain || name.endsWith(`.${domain}`)) return app;
  return null;
}

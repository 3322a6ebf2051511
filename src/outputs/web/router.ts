/**
 * Hash routing (`#/`, `#/country/KZ`, `#/event/ID`): works behind any static server, and the
 * URL of an event page is its shareable link.
 */
export type Route =
  | { readonly page: 'map' }
  | { readonly page: 'country'; readonly code: string }
  | { readonly page: 'event'; readonly id: string }
  | { readonly page: 'missing'; readonly path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const country = /^\/country\/([A-Za-z]{2})$/.exec(path);
  if (country !== null) return { page: 'country', code: country[1]!.toUpperCase() };
  const event = /^\/event\/([^/]+)$/.exec(path);
  if (event !== null) return { page: 'event', id: decodeURIComponent(event[1]!) };
  if (path === '/') return { page: 'map' };
  return { page: 'missing', path };
}

export function navigate(path: string): void {
  location.hash = `#${path}`;
}

export function shareableUrl(path: string): string {
  return `${location.origin}${location.pathname}#${path}`;
}

/**
 * Times on the dashboard: UTC by default, local time on hover (the `title`) and on a toggle
 * that is remembered in localStorage.
 */
type Zone = 'utc' | 'local';

let zone: Zone = localStorage.getItem('nightlight.zone') === 'local' ? 'local' : 'utc';

export function currentZone(): Zone {
  return zone;
}

export function setZone(next: Zone): void {
  zone = next;
  localStorage.setItem('nightlight.zone', next);
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(seconds: number, utc: boolean): string {
  const d = new Date(seconds * 1000);
  const [y, mo, da, ho, mi] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(ho)}:${pad(mi)}`;
}

function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The time in the chosen zone, with its zone name. */
export function formatWhen(seconds: number): string {
  return zone === 'utc'
    ? `${parts(seconds, true)} UTC`
    : `${parts(seconds, false)} ${localZoneName()}`;
}

/** The other zone, for the hover title. */
export function formatOther(seconds: number): string {
  return zone === 'utc'
    ? `${parts(seconds, false)} ${localZoneName()}`
    : `${parts(seconds, true)} UTC`;
}

/** A <time> element showing the chosen zone, the other on hover. */
export function timeElement(seconds: number): HTMLTimeElement {
  const element = document.createElement('time');
  element.dateTime = new Date(seconds * 1000).toISOString();
  element.textContent = formatWhen(seconds);
  element.title = formatOther(seconds);
  return element;
}

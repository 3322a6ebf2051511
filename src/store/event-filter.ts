/** The EventQuery predicate, shared by drivers that filter events in JavaScript. */
import type { EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { EventQuery } from './store.js';

export function eventMatches(
  event: OutageEvent,
  entities: readonly EntityId[],
  query: EventQuery,
): boolean {
  const end = event.end ?? Infinity;
  if (query.from !== undefined && end <= query.from) return false;
  if (query.to !== undefined && event.start >= query.to) return false;
  if (query.entity !== undefined && !entities.includes(query.entity)) return false;
  if (query.status === 'open' && event.end !== null) return false;
  if (query.status === 'closed' && event.end === null) return false;
  return true;
}

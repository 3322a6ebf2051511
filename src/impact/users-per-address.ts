/**
 * How many users an IPv4 address stands for, by access type: the fallback that weights an
 * affected network by its users when no subscriber count is configured for it. All figures
 * are Nightlight's assumptions (flagged), stated with a range; what matters for a share is
 * the mobile-to-fixed ratio, central 10×, because mobile operators put many subscribers
 * behind each public address (carrier-grade NAT). Pure.
 */
import type { AccessType } from '../model/access.js';
import { ranged, type RangedValue } from './ranged.js';

export const USERS_PER_ADDRESS = {
  fixed: ranged(
    'users per fixed address',
    1,
    2,
    3,
    'assumption: one public address per household line of 2–3 people, less unused space',
    true,
  ),
  mobile: ranged(
    'users per mobile address',
    8,
    20,
    80,
    'assumption: carrier-grade NAT puts many subscribers behind each public address (ratio to fixed 10×, range 2.7–80×)',
    true,
  ),
  /** Transit networks serve few end users directly; content and hosting networks none. */
  transit: ranged('users per transit address', 0.5, 0.5, 0.5, 'assumption', true),
  content: ranged('users per content address', 0, 0, 0, 'assumption: hosting, no end users', true),
} as const;

export type UsersPerAddress = {
  readonly fixed: RangedValue;
  readonly mobile: RangedValue;
  readonly transit: RangedValue;
  readonly content: RangedValue;
};

/** Users per address of one access type, given the fixed and mobile figures in use. */
export function usersPerAddress(
  type: AccessType,
  table: UsersPerAddress,
  fixed: number,
  mobile: number,
): number {
  switch (type) {
    case 'mobile':
      return mobile;
    case 'mixed':
      return (fixed + mobile) / 2;
    case 'transit':
      return table.transit.value;
    case 'content':
      return table.content.value;
    case 'fixed':
    case 'unknown':
      return fixed;
  }
}

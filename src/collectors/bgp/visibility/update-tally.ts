/**
 * Announcements and withdrawals received in the open bin, per prefix (the "update spike").
 * A withdrawal carries no AS path, so it is attributed to the origin the peer had announced
 * for the prefix (0 when the peer never had it).
 */
export interface UpdateTally {
  announce(prefixId: number, originAs: number): void;
  withdraw(prefixId: number, originAs: number): void;
  /** The counts so far, per prefix, and a fresh tally for the next bin. */
  drain(): Map<number, PrefixUpdates>;
  readonly messages: number;
}

export interface PrefixUpdates {
  announcements: number;
  withdrawals: number;
  /** The last non-zero origin seen for the prefix in the bin. */
  originAs: number;
}

export function createUpdateTally(): UpdateTally {
  let counts = new Map<number, PrefixUpdates>();
  let messages = 0;
  const entry = (prefixId: number, originAs: number) => {
    let e = counts.get(prefixId);
    if (e === undefined) counts.set(prefixId, (e = { announcements: 0, withdrawals: 0, originAs }));
    if (originAs !== 0) e.originAs = originAs;
    messages++;
    return e;
  };
  return {
    announce(prefixId, originAs) {
      entry(prefixId, originAs).announcements++;
    },
    withdraw(prefixId, originAs) {
      entry(prefixId, originAs).withdrawals++;
    },
    drain() {
      const drained = counts;
      counts = new Map();
      messages = 0;
      return drained;
    },
    get messages() {
      return messages;
    },
  };
}

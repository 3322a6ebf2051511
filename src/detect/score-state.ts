/** The state of one scored bin: unknown (no data or no baseline), normal, warning, critical. */
export const BinState = { unknown: 0, normal: 1, warning: 2, critical: 3 } as const;
export type BinState = (typeof BinState)[keyof typeof BinState];

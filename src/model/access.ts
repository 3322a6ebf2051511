/** How a network reaches its users, which types an outage as mobile, fixed or both. */
export const ACCESS_TYPES = ['mobile', 'fixed', 'mixed', 'transit', 'content', 'unknown'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export function isAccessType(text: string): text is AccessType {
  return (ACCESS_TYPES as readonly string[]).includes(text);
}

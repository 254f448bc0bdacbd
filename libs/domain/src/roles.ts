export const ROLES = ['coordinator', 'agency', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

import type { CalendarOverride } from './working-calendar';

/**
 * The official day swaps (nghỉ bù / làm bù) the Government announced for civil servants, beyond
 * what the Labour Code computes; seeded into the admin overrides so the calendar is right out of
 * the box. Later years are added by an admin (PUT /api/calendar/overrides/:date) or a migration.
 * Sources: Government Office letters 2450/VPCP-KGVX (2024), the 2025 Tết/30-4 notices,
 * 12729/VPCP-KGVX and the Prime Minister's decision of October 2025 (2026).
 */
export const OFFICIAL_SWAPS_2024_2026: readonly CalendarOverride[] = [
  { date: '2024-04-29', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)' },
  { date: '2024-05-04', kind: 'working_day', name: 'Làm bù cho thứ Hai 29/4/2024' },
  { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' },
  { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/5/2025' },
  { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)' },
  { date: '2026-01-10', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/01/2026' },
  { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)' },
  { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho thứ Hai 31/8/2026' },
];

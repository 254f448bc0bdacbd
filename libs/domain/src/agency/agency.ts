export const AGENCY_KINDS = ['department', 'district', 'union', 'bank', 'committee', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface AgencyDefinition {
  code: string;
  name: string;
  kind: AgencyKind;
  parentCode?: string;
}

export interface AgencyGroupDefinition {
  code: string;
  name: string;
  members: string[];
}

/** The agency code of a district-level committee: `UBND-` + the name in upper-case ASCII, words joined by `-`. */
export function districtAgencyCode(districtName: string): string {
  return (
    'UBND-' +
    stripVietnameseDiacritics(districtName)
      .toUpperCase()
      .trim()
      .split(/[^A-Z0-9]+/)
      .filter(Boolean)
      .join('-')
  );
}

export function stripVietnameseDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

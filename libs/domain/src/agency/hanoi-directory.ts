import { AgencyDefinition, AgencyGroupDefinition, districtAgencyCode } from './agency';

/** The coordinating office of the seed plans: the standing office of the steering committee. */
export const COORDINATING_AGENCY_CODE = 'SKHDT';
export const DISTRICTS_GROUP_CODE = 'DISTRICTS';

const HANOI_DEPARTMENTS: AgencyDefinition[] = [
  { code: 'UBND-TP', name: 'Ủy ban nhân dân Thành phố Hà Nội', kind: 'committee' },
  { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'STC', name: 'Sở Tài chính', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'SNNPTNT', name: 'Sở Nông nghiệp và Phát triển nông thôn', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'STNMT', name: 'Sở Tài nguyên và Môi trường', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'SCT', name: 'Sở Công Thương', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department', parentCode: 'UBND-TP' },
  { code: 'NHNN-HN', name: 'Ngân hàng Nhà nước – Chi nhánh Thành phố Hà Nội', kind: 'bank' },
  { code: 'CT-HN', name: 'Cục Thuế Thành phố Hà Nội', kind: 'other' },
  { code: 'TTXT', name: 'Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch Thành phố Hà Nội', kind: 'other', parentCode: 'UBND-TP' },
  { code: 'LMHTX', name: 'Liên minh Hợp tác xã Thành phố Hà Nội', kind: 'union' },
  { code: 'MTTQ', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hà Nội', kind: 'other' },
];

/** Hanoi's 30 district-level units: 12 urban districts (quận), 1 town (thị xã), 17 rural districts (huyện). */
const HANOI_DISTRICT_UNITS: { kind: 'quận' | 'thị xã' | 'huyện'; name: string }[] = [
  ...['Ba Đình', 'Hoàn Kiếm', 'Tây Hồ', 'Long Biên', 'Cầu Giấy', 'Đống Đa', 'Hai Bà Trưng', 'Hoàng Mai',
    'Thanh Xuân', 'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông'].map((name) => ({ kind: 'quận' as const, name })),
  { kind: 'thị xã', name: 'Sơn Tây' },
  ...['Ba Vì', 'Chương Mỹ', 'Đan Phượng', 'Đông Anh', 'Gia Lâm', 'Hoài Đức', 'Mê Linh', 'Mỹ Đức', 'Phú Xuyên',
    'Phúc Thọ', 'Quốc Oai', 'Sóc Sơn', 'Thạch Thất', 'Thanh Oai', 'Thanh Trì', 'Thường Tín', 'Ứng Hòa'].map(
    (name) => ({ kind: 'huyện' as const, name }),
  ),
];

export const HANOI_DISTRICTS: AgencyDefinition[] = HANOI_DISTRICT_UNITS.map(({ kind, name }) => ({
  code: districtAgencyCode(name),
  name: `Ủy ban nhân dân ${kind} ${name}`,
  kind: 'district',
  parentCode: 'UBND-TP',
}));

export const HANOI_AGENCIES: AgencyDefinition[] = [...HANOI_DEPARTMENTS, ...HANOI_DISTRICTS];

export const HANOI_AGENCY_GROUPS: AgencyGroupDefinition[] = [
  {
    code: DISTRICTS_GROUP_CODE,
    name: 'Ủy ban nhân dân các quận, huyện, thị xã',
    members: HANOI_DISTRICTS.map((agency) => agency.code),
  },
];

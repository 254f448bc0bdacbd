import { HANOI_AGENCIES, HANOI_AGENCY_GROUPS, HANOI_DISTRICTS, districtAgencyCode } from '../../libs/domain/src/agency';

describe('Hanoi agency directory', () => {
  it('derives district codes in upper-case ASCII without diacritics', () => {
    expect(districtAgencyCode('Ba Đình')).toBe('UBND-BA-DINH');
    expect(districtAgencyCode('Sóc Sơn')).toBe('UBND-SOC-SON');
    expect(districtAgencyCode('Ứng Hòa')).toBe('UBND-UNG-HOA');
    expect(districtAgencyCode('Nam Từ Liêm')).toBe('UBND-NAM-TU-LIEM');
  });

  it('has all 30 district-level committees, once each, in the DISTRICTS group', () => {
    expect(HANOI_DISTRICTS).toHaveLength(30);
    const districts = HANOI_AGENCY_GROUPS.find((group) => group.code === 'DISTRICTS');
    expect(new Set(districts?.members).size).toBe(30);
    expect(districts?.members).toContain('UBND-SON-TAY');
  });

  it('has the codes the seed plan names, each unique, with existing parents', () => {
    const codes = HANOI_AGENCIES.map((agency) => agency.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['SKHDT', 'STC', 'SNNPTNT', 'STNMT', 'SCT', 'SKHCN', 'NHNN-HN', 'CT-HN', 'TTXT', 'LMHTX', 'MTTQ', 'UBND-TP']) {
      expect(codes).toContain(code);
    }
    for (const agency of HANOI_AGENCIES) if (agency.parentCode) expect(codes).toContain(agency.parentCode);
  });
});

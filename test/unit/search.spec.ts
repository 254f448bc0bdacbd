import { foldVietnamese, searchPattern } from '@giaoviec/domain';

describe('search as Vietnamese users type', () => {
  it('folds diacritics and case, đ as d, one character for one', () => {
    expect(foldVietnamese('Xử lý tài sản, công nợ của HTX giải thể')).toBe('xu ly tai san, cong no cua htx giai the');
    expect(foldVietnamese('ĐỐNG ĐA')).toBe('dong da');
    expect(foldVietnamese('Ứng').length).toBe('Ứng'.length);
  });

  it('makes a LIKE pattern of a query: composed, folded, spaces collapsed, wildcards escaped', () => {
    expect(searchPattern('  Xử   LÝ ')).toBe('%xu ly%');
    expect(searchPattern('Xử lý'.normalize('NFD'))).toBe('%xu ly%');
    expect(searchPattern('50%_a\\')).toBe('%50\\%\\_a\\\\%');
    expect(searchPattern('   ')).toBe('');
  });
});

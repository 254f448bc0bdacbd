import type { AgencyDefinition, AgencyGroupDefinition } from '../../agency/agency';
import { foldVietnamese, tokenize, words, type TextToken } from './text';

/** What the drafter matches agency names against: the directory (and the agencies plans declared). */
export interface DraftDirectory {
  agencies: readonly AgencyDefinition[];
  groups: readonly AgencyGroupDefinition[];
  /**
   * Agencies a reorganisation ended. A document signed before it still names them: their names match under
   * their own code, and the import resolves each to its successor with a warning (plans follow the directory).
   */
  former?: readonly AgencyDefinition[];
}

/** A code the text names: an agency, a directory group, or a group the drafter declares (`members` given). */
export interface AgencyMention {
  code: string;
  name: string;
  members?: string[];
  /** Where in the text (offsets of the original). */
  start: number;
  end: number;
}

interface Alias {
  words: string[];
  target: string;
  /** 2: the full name; 1: a derived form (no place name, abbreviation, initials). */
  quality: number;
}

/** Virtual targets resolved against the document's locality. */
const DEPARTMENTS = '@departments';
const DISTRICTS = '@districts';

/** Words that may separate names in a list of agencies ("các Sở, ngành và các đơn vị có liên quan"). */
const LIST_FILLERS = new Set(['cac', 'va', 'voi', 'don', 'vi', 'co', 'lien', 'quan', 'to', 'chuc', 'chinh', 'tri', 'xa', 'hoi', 'nghe', 'nghiep', 'doan', 'the', 'khac', 'huu']);

/** Words that name no one in particular ("các đơn vị có liên quan"): not reported as an unknown agency. */
const GENERIC_WORDS = new Set(['cac', 'va', 'voi', 'don', 'vi', 'co', 'lien', 'quan', 'khac', 'to', 'chuc']);

/** Words that qualify the name before them ("… Việt Nam - Chi nhánh thành phố Hà Nội"). */
const QUALIFIER_WORDS = new Set(['viet', 'nam', 'chi', 'nhanh', 'thanh', 'pho', 'tinh', 'tw', 'trung', 'uong']);

const DEPARTMENT_ALIASES = ['cac so ban nganh', 'so ban nganh', 'cac so nganh', 'so nganh', 'cac nganh', 'cac so'];
const DISTRICT_ALIASES = ['uy ban nhan dan cac quan huyen thi xa', 'cac quan huyen thi xa', 'quan huyen thi xa', 'cac dia phuong', 'dia phuong', 'uy ban nhan dan cac huyen thanh pho', 'cac huyen thanh pho'];

/**
 * Finds agency names in text: the directory's names ignoring diacritics, case and punctuation, the usual abbreviations
 * (HTX, UBND, TP, MTTQ, "Sở KH&ĐT", "Sở KHĐT"), names without their place ("Cục Thuế Hà Nội" for "Cục Thuế Thành phố
 * Hà Nội"), and the collective names "các Sở, ban, ngành" and "UBND các quận, huyện, thị xã" resolved to the
 * document's locality (the place it names most, e.g. "Hòa Bình").
 */
export class AgencyMatcher {
  private readonly aliases = new Map<string, Alias[]>();
  private readonly byCode = new Map<string, AgencyDefinition>();
  readonly place: string | undefined;
  readonly departments: string[];
  readonly districtGroup: { code: string; members: string[] };

  constructor(
    private readonly directory: DraftDirectory,
    documentText: string,
  ) {
    for (const agency of directory.agencies) this.byCode.set(agency.code, agency);
    this.place = mostNamedPlace(documentText, directory.agencies);
    this.departments = directory.agencies
      .filter((agency) => this.inLocality(agency) && isDepartmentLike(agency))
      .map((agency) => agency.code);
    const districtMembers = directory.agencies.filter((a) => a.kind === 'district' && this.inLocality(a)).map((a) => a.code);
    const existing = directory.groups.find((group) => sameSet(group.members, districtMembers));
    this.districtGroup = { code: existing?.code ?? `${this.localityPrefix(districtMembers)}DIA-PHUONG`, members: districtMembers };

    for (const agency of directory.agencies) {
      for (const [alias, quality] of agencyAliases(agency.name, agency.kind === 'district')) this.addAlias(alias, agency.code, quality);
    }
    // Former agencies only add names: they are in no locality group the draft builds ("các Sở", "các quận").
    for (const agency of directory.former ?? []) {
      if (this.byCode.has(agency.code)) continue;
      this.byCode.set(agency.code, agency);
      for (const [alias, quality] of agencyAliases(agency.name, agency.kind === 'district')) this.addAlias(alias, agency.code, quality);
    }
    for (const group of directory.groups) this.addAlias(words(group.name), group.code, 1);
    for (const alias of DEPARTMENT_ALIASES) this.addAlias(alias.split(' '), DEPARTMENTS, 1);
    for (const alias of DISTRICT_ALIASES) this.addAlias(alias.split(' '), DISTRICTS, 1);
  }

  /** The code and name of a directory agency. */
  agency(code: string): AgencyDefinition | undefined {
    return this.byCode.get(code);
  }

  /** The group code "các Sở, ban, ngành" gets in a draft: `SO-NGANH`, prefixed like the locality's codes. */
  get departmentsCode(): string {
    return `${this.localityPrefix(this.departments)}SO-NGANH`;
  }

  /** Every name the text mentions, in order; overlapping names resolve to the longest. */
  mentions(text: string): AgencyMention[] {
    const tokens = tokenize(text);
    const found: AgencyMention[] = [];
    for (let i = 0; i < tokens.length; ) {
      const match = this.matchAt(tokens, i);
      if (!match) {
        i++;
        continue;
      }
      found.push(match.mention);
      i += match.length;
    }
    return found;
  }

  /**
   * The list of names at the start of `text` ("Các Sở, ban, ngành, Liên minh HTX, UBND các quận, huyện, thị xã: …"):
   * names separated by fillers, up to the first other word. `unmatched` are the stretches of words in between that
   * look like a name the directory does not have ("tổ chức chính trị - xã hội").
   */
  leadingList(text: string, { allowUnknown = false } = {}): { mentions: AgencyMention[]; unmatched: string[]; end: number } {
    const tokens = tokenize(text);
    const mentions: AgencyMention[] = [];
    const unmatched: string[] = [];
    let i = 0;
    let end = 0;
    let gapStart = -1;
    const closeGap = (upTo: number) => {
      const qualifier = (word: string) => QUALIFIER_WORDS.has(word) || (this.place?.split(' ').includes(word) ?? false);
      if (gapStart >= 0 && tokens.slice(gapStart, upTo).some((token) => !GENERIC_WORDS.has(token.word) && !qualifier(token.word))) {
        unmatched.push(text.slice(tokens[gapStart].start, tokens[upTo - 1].end));
      }
      gapStart = -1;
    };
    while (i < tokens.length) {
      const match = this.matchAt(tokens, i);
      if (match) {
        closeGap(i);
        mentions.push(match.mention);
        i += match.length;
        end = match.mention.end;
        continue;
      }
      if (!LIST_FILLERS.has(tokens[i].word) && !allowUnknown) break;
      if (gapStart < 0) gapStart = i;
      i++;
    }
    if (allowUnknown) closeGap(i);
    return { mentions, unmatched, end };
  }

  /** Whether the agency belongs to the document's place (its name, or its parent's, names the place). */
  inLocality(agency: AgencyDefinition): boolean {
    if (!this.place) return true;
    const parent = agency.parentCode ? this.byCode.get(agency.parentCode) : undefined;
    return foldVietnamese(agency.name).includes(this.place) || (parent !== undefined && foldVietnamese(parent.name).includes(this.place));
  }

  private localityPrefix(codes: readonly string[]): string {
    const prefixes = new Set(codes.map((code) => code.split('-')[0]));
    const [prefix] = [...prefixes];
    return prefixes.size === 1 && codes.length > 1 && codes.every((code) => code.startsWith(`${prefix}-`)) && !['UBND', 'SO', 'S'].includes(prefix)
      ? `${prefix}-`
      : '';
  }

  private addAlias(aliasWords: string[], target: string, quality: number): void {
    if (aliasWords.length === 0) return;
    const list = this.aliases.get(aliasWords[0]) ?? [];
    list.push({ words: aliasWords, target, quality });
    this.aliases.set(aliasWords[0], list);
  }

  private matchAt(tokens: TextToken[], i: number): { mention: AgencyMention; length: number } | undefined {
    const candidates = (this.aliases.get(tokens[i].word) ?? []).filter((alias) =>
      alias.words.every((word, k) => tokens[i + k]?.word === word),
    );
    if (candidates.length === 0) return undefined;
    const resolved = candidates
      .map((alias) => ({ alias, mention: this.resolve(alias.target) }))
      .filter((c): c is { alias: Alias; mention: Omit<AgencyMention, 'start' | 'end'> } => c.mention !== undefined);
    if (resolved.length === 0) return undefined;
    const local = (code: string) => {
      const agency = this.byCode.get(code);
      return agency ? this.inLocality(agency) : true;
    };
    resolved.sort(
      (a, b) =>
        b.alias.words.length - a.alias.words.length ||
        Number(local(b.mention.code)) - Number(local(a.mention.code)) ||
        b.alias.quality - a.alias.quality,
    );
    const best = resolved[0];
    const length = best.alias.words.length;
    return { mention: { ...best.mention, start: tokens[i].start, end: tokens[i + length - 1].end }, length };
  }

  private resolve(target: string): Omit<AgencyMention, 'start' | 'end'> | undefined {
    if (target === DEPARTMENTS) {
      if (this.departments.length === 0) return undefined;
      const existing = this.directory.groups.find((group) => sameSet(group.members, this.departments));
      return existing
        ? { code: existing.code, name: existing.name }
        : { code: this.departmentsCode, name: 'Các sở, ban, ngành', members: this.departments };
    }
    if (target === DISTRICTS) {
      if (this.districtGroup.members.length === 0) return undefined;
      const existing = this.directory.groups.find((group) => group.code === this.districtGroup.code);
      return existing
        ? { code: existing.code, name: existing.name }
        : { code: this.districtGroup.code, name: 'Ủy ban nhân dân các huyện, thành phố', members: this.districtGroup.members };
    }
    const agency = this.byCode.get(target);
    if (agency) return { code: agency.code, name: agency.name };
    const group = this.directory.groups.find((g) => g.code === target);
    return group ? { code: group.code, name: group.name } : undefined;
  }
}

/** A state agency that "các Sở, ban, ngành" covers: a department, the bank branch, a Cục, Chi cục or Trung tâm. */
function isDepartmentLike(agency: AgencyDefinition): boolean {
  if (agency.kind === 'department' || agency.kind === 'bank') return true;
  return agency.kind === 'other' && /^(cuc|chi cuc|trung tam|ban quan ly|kho bac|bao hiem)\b/.test(foldVietnamese(agency.name));
}

/** The names an agency goes by: its full name and derived forms (without place, parenthesis, "Ủy ban" or initials). */
function agencyAliases(name: string, isDistrict: boolean): [string[], number][] {
  const out: [string[], number][] = [];
  const add = (text: string, quality: number) => {
    const w = words(text);
    if (w.length >= 2 && !out.some(([existing]) => existing.join(' ') === w.join(' '))) out.push([w, quality]);
  };
  const full = name.replace(/\s*\([^)]*\)/g, '');
  add(full, 2);
  for (const inner of name.match(/\(([^)]+)\)/g) ?? []) add(inner.slice(1, -1), 1);
  const beforeDash = full.split(/\s[–-]\s/)[0];
  const folded = foldVietnamese(beforeDash);
  const bases = [beforeDash];
  // Without the place: "Cục Thuế Thành phố Hà Nội" → "Cục Thuế", "Liên minh Hợp tác xã Thành phố Hà Nội" → "… Thành phố".
  const place = /\s(thanh pho|tinh)(\s.*)?$/.exec(folded);
  if (place && !/^uy ban nhan dan (thanh pho|tinh)/.test(folded.slice(0, place.index + place[0].length))) {
    bases.push(beforeDash.slice(0, place.index + 1 + place[1].length));
    bases.push(beforeDash.slice(0, place.index));
  } else if (place) bases.push(beforeDash.slice(0, place.index + 1 + place[1].length));
  for (const base of bases) {
    add(base, base === full ? 2 : 1);
    const f = foldVietnamese(base);
    if (f.endsWith(' viet nam')) add(base.slice(0, -' viet nam'.length), 1);
    if (/^uy ban (?!nhan dan)/.test(f)) add(base.slice('uy ban '.length), 1);
    if (isDistrict && /^uy ban nhan dan (quan|huyen|thi xa|thanh pho) /.test(f)) add(base.slice('uy ban nhan dan '.length), 1);
    const withoutViet = f.replace(/ viet nam$/, '');
    if (/^uy ban mat tran to quoc/.test(withoutViet)) add('mặt trận tổ quốc', 1);
  }
  // "Sở Kế hoạch và Đầu tư" → "Sở KHĐT" / "Sở KH&ĐT".
  const so = /^(so)\s(.+)$/.exec(foldVietnamese(bases[bases.length - 1]));
  if (so) {
    const initials = so[2].split(/\s+/).filter((word) => word !== 'va').map((word) => word[0]).join('');
    if (initials.length >= 2) out.push([['so', initials], 1]);
  }
  return out;
}

/** The place the document names most often ("ha noi", "hoa binh"), among the places in the directory's names. */
function mostNamedPlace(text: string, agencies: readonly AgencyDefinition[]): string | undefined {
  const folded = foldVietnamese(text);
  const places = new Set<string>();
  for (const agency of agencies) {
    const match = /\s(?:thanh pho|tinh)\s([a-z]+(?:\s[a-z]+)?)$/.exec(foldVietnamese(agency.name).replace(/\s*\(.*\)/, ''));
    if (match) places.add(match[1]);
  }
  let best: { place: string; count: number } | undefined;
  for (const place of places) {
    const count = folded.split(place).length - 1;
    if (count > 0 && (!best || count > best.count)) best = { place, count };
  }
  return best?.place;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((code) => b.includes(code));
}

import { DomainError, type ErrorDetail } from '../errors';

export const CONTACT_ROLES = ['head', 'officer', 'clerk'] as const;
/** `head` thủ trưởng, `officer` chuyên viên theo dõi, `clerk` văn thư. */
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface AgencyContact {
  name: string;
  role: ContactRole;
  email?: string;
  phone?: string;
  zaloUserId?: string;
}

export const MAX_CONTACTS_PER_AGENCY = 50;

// Deliberately simple (one @, a dot in the domain, no spaces): the SMTP server has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Vietnamese numbers as offices write them: 0912345678, +84912345678, 84912345678.
const PHONE = /^(\+?84|0)\d{9,10}$/;
const ZALO_USER_ID = /^\d{1,32}$/;
const ALLOWED_FIELDS = new Set(['name', 'role', 'email', 'phone', 'zaloUserId']);

/**
 * Checks a whole contact list (the body of `PUT /api/agencies/:code/contacts`) and returns it
 * normalised; every bad field is named as `[i].field`, and nothing is written when one is bad.
 */
export function validateContacts(input: unknown): AgencyContact[] {
  if (!Array.isArray(input)) {
    throw new DomainError('VALIDATION_FAILED', 'Danh sách đầu mối phải là một mảng JSON.', [{ path: 'contacts', message: 'phải là một mảng' }]);
  }
  const details: ErrorDetail[] = [];
  if (input.length > MAX_CONTACTS_PER_AGENCY) {
    details.push({ path: 'contacts', message: `tối đa ${MAX_CONTACTS_PER_AGENCY} đầu mối` });
  }
  const contacts = input.map((raw, index): AgencyContact => {
    const at = (field: string) => `[${index}].${field}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      details.push({ path: `[${index}]`, message: 'phải là một đối tượng {name, role, email?, phone?, zaloUserId?}' });
      return { name: '', role: 'officer' };
    }
    const item = raw as Record<string, unknown>;
    for (const key of Object.keys(item)) if (!ALLOWED_FIELDS.has(key)) details.push({ path: at(key), message: 'trường này không được hỗ trợ' });
    const name = typeof item.name === 'string' ? item.name.trim() : '';
    if (!name || name.length > 200) details.push({ path: at('name'), message: 'họ tên là bắt buộc (tối đa 200 ký tự)' });
    if (!CONTACT_ROLES.includes(item.role as ContactRole)) {
      details.push({ path: at('role'), message: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')}` });
    }
    const contact: AgencyContact = { name, role: item.role as ContactRole };
    const optional = (field: 'email' | 'phone' | 'zaloUserId', pattern: RegExp, message: string) => {
      const value = item[field];
      if (value === undefined || value === null || value === '') return;
      const text = typeof value === 'string' ? value.trim() : '';
      if (!pattern.test(text) || text.length > 254) details.push({ path: at(field), message });
      else contact[field] = field === 'email' ? text.toLowerCase() : text.replace(/^\+?84/, '0');
    };
    optional('email', EMAIL, 'không phải địa chỉ e-mail hợp lệ');
    optional('phone', PHONE, 'không phải số điện thoại Việt Nam hợp lệ (vd. 0912345678)');
    optional('zaloUserId', ZALO_USER_ID, 'mã người dùng Zalo phải là dãy số');
    return contact;
  });
  if (details.length) {
    throw new DomainError('VALIDATION_FAILED', `Danh sách đầu mối không hợp lệ: ${details.map((d) => d.path).join(', ')}`, details);
  }
  return contacts;
}

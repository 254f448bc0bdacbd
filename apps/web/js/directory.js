import { api } from './api.js';
import { getSession } from './session.js';

let cached = null;

/** The agency directory (`GET /api/agencies`), loaded once per token. */
export async function loadDirectory(token) {
  const bearer = token ?? getSession()?.token;
  if (cached && cached.token === bearer) return cached.directory;
  const [agencies, groups] = await Promise.all([api('/agencies', { token: bearer }), api('/agencies/groups', { token: bearer })]);
  const directory = {
    agencies,
    groups,
    byCode: new Map(agencies.map((agency) => [agency.code, agency])),
    name(code) {
      return this.byCode.get(code)?.name ?? code;
    },
    /** Current agencies (not dissolved or merged away) as <option>s. */
    options({ empty } = {}) {
      const today = new Date().toISOString().slice(0, 10);
      const current = this.agencies.filter((agency) => !agency.validTo || agency.validTo >= today);
      return [...(empty ? [{ value: '', label: empty }] : []), ...current.map((agency) => ({ value: agency.code, label: `${agency.name} (${agency.code})` }))];
    },
  };
  cached = { token: bearer, directory };
  return directory;
}

export function forgetDirectory() {
  cached = null;
}

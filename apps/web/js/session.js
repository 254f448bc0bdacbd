/** The signed-in user, kept for the browser tab (sessionStorage): closing the tab signs out. */
const KEY = 'giaoviec.session';

/** Each role's first page after signing in. */
export const HOME = { coordinator: '#/dieu-phoi', agency: '#/co-quan', leader: '#/lanh-dao', admin: '#/quan-tri' };

export function getSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (!session?.token) return null;
    if (session.exp && session.exp * 1000 <= Date.now()) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

/** Stores the token with the claims the pages need (the API checks the token itself on every call). */
export function saveSession(token) {
  const claims = decodeJwt(token);
  if (!claims) throw new Error('Mã đăng nhập (JWT) không đúng định dạng.');
  const session = {
    token,
    sub: claims.sub ?? '',
    name: claims.name ?? claims.sub ?? '',
    role: claims.role ?? '',
    agency: claims.agency ?? null,
    exp: typeof claims.exp === 'number' ? claims.exp : null,
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** The payload of a JWT, or null when `token` is not one. Not a verification. */
export function decodeJwt(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? payload : null;
  } catch {
    return null;
  }
}

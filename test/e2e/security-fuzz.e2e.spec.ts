import fc from 'fast-check';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 13's property-based fuzz: every operation of the OpenAPI document (`/api/docs-json`, what
 * @nestjs/swagger builds from the controllers) is called by every principal with path, query and body
 * values drawn from its own schemas — mostly well-formed, often hostile (wrong types, NUL, lone
 * surrogates, huge numbers, deep or odd values). The budget is zero 5xx and zero leaks: an agency that
 * is not the task's, and a caller without a token, never see any of the task's text.
 *
 * Bounded: FUZZ_RUNS runs per operation and principal (default 2), seed from FUZZ_SEED for a replay.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Written into the fixture task's title, description and progress note: must reach no outsider. */
const MARKER = 'BIMAT-NHIEMVU-7f3a';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Strings an attacker tries: control characters, lone surrogates, injection look-alikes, long ones. */
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', 'a\u0000b', '\ud800', 'x\udfffy', "' OR 1=1 --", '../../etc/passwd', '%00', '<script>alert(1)</script>', '${7*7}', '\u202e', 'STC', 'UBND-TP'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 0.5, [], {}, [null], { __proto__: { admin: true } }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
);

function arbitraryFor(schema: Schema | undefined, document: OpenApiDocument, context: Fixture, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return hostileValue;
  if (schema.$ref) return arbitraryFor(document.components?.schemas?.[schema.$ref.split('/').pop()!], document, context, depth + 1);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => arbitraryFor(variant, document, context, depth + 1)));
  if (schema.allOf?.length) return arbitraryFor(schema.allOf[0], document, context, depth + 1);
  let valid: fc.Arbitrary<unknown>;
  if (schema.enum?.length) valid = fc.constantFrom(...schema.enum);
  else {
    switch (schema.type) {
      case 'string':
        valid = stringFor(schema, context);
        break;
      case 'integer':
        valid = fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
        break;
      case 'number':
        valid = fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
        break;
      case 'boolean':
        valid = fc.boolean();
        break;
      case 'array':
        valid = fc.array(arbitraryFor(schema.items, document, context, depth + 1), { maxLength: 3 });
        break;
      default: {
        const properties = Object.entries(schema.properties ?? {});
        if (!properties.length) return fc.oneof(hostileValue, fc.dictionary(fc.string({ maxLength: 6 }), hostileValue, { maxKeys: 3 }));
        const required = new Set(schema.required ?? []);
        valid = fc.record(
          Object.fromEntries(properties.map(([name, property]) => [name, arbitraryFor(property, document, context, depth + 1)])),
          { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) },
        );
      }
    }
  }
  if (schema.nullable) valid = fc.oneof(valid, fc.constant(null));
  // Mostly what the schema says, now and then anything at all.
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
}

function stringFor(schema: Schema, context: Fixture): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'date-time':
      return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), hostileString);
    case 'date':
      return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), hostileString);
    case 'email':
      return fc.oneof(fc.emailAddress(), hostileString);
    case 'uuid':
      return fc.oneof(fc.uuid(), fc.constant(context.taskId));
    default:
      return fc.oneof(
        fc.constantFrom('STC', 'SCT', 'CT-HN', 'UBND-BA-DINH', context.taskId, 'Nội dung thử nghiệm'),
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) }),
        hostileString,
      );
  }
}

/** A path parameter: the fixture task, a real code, a made-up id, or something hostile. */
function pathValue(context: Fixture): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(context.taskId),
    fc.uuid(),
    fc.constantFrom('STC', 'SCT', '2030-01-02', '1', '0', '-1', '..', '%2e%2e', 'null'),
    hostileString.filter((value) => value.length > 0),
  );
}

interface Fixture {
  taskId: string;
}

interface Principal {
  name: string;
  token?: string;
  /** Must see none of the fixture task's text. */
  outsider: boolean;
}

describe('security: property-based fuzz of every route of the OpenAPI document (end to end)', () => {
  let stack: TestStack;
  let document: OpenApiDocument;
  const fixture: Fixture = { taskId: '' };
  const principals: Principal[] = [
    { name: 'coordinator', outsider: false },
    { name: 'leader', outsider: false },
    { name: 'admin', outsider: false },
    { name: 'lead agency STC', outsider: false },
    { name: 'another agency SCT', outsider: true },
    { name: 'another district', outsider: true },
    { name: 'no token', outsider: true },
  ];

  beforeAll(async () => {
    // Every request comes from one address: the limits would turn the fuzz into 429s.
    stack = await startTestStack({ RATE_LIMIT_MUTATIONS_PER_ADDRESS: '1000000', RATE_LIMIT_MUTATIONS_PER_USER: '1000000', RATE_LIMIT_SIGN_IN: '1000000' });
    const users: Record<string, { sub: string; role: string; agency?: string }> = {
      coordinator: { sub: 'skhdt.dieuphoi', role: 'coordinator' },
      leader: { sub: 'ubnd.lanhdao', role: 'leader' },
      admin: { sub: 'quantri', role: 'admin' },
      'lead agency STC': { sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' },
      'another agency SCT': { sub: 'sct.chuyenvien', role: 'agency', agency: 'SCT' },
      'another district': { sub: 'badinh.chuyenvien', role: 'agency', agency: 'UBND-BA-DINH' },
    };
    for (const principal of principals) if (users[principal.name]) principal.token = await stack.tokenFor(users[principal.name]);
    const auth = (name: string) => ({ Authorization: `Bearer ${principals.find((principal) => principal.name === name)!.token}` });
    const dueAt = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString();
    fixture.taskId = (
      await stack.http
        .post('/api/tasks')
        .set(auth('coordinator'))
        .send({ title: `Nhiệm vụ ${MARKER}`, description: `Mô tả ${MARKER}`, leadAgency: 'STC', coordinatingAgencies: ['CT-HN'], dueAt })
        .expect(201)
    ).body.id;
    await stack.http.post(`/api/tasks/${fixture.taskId}/acknowledge`).set(auth('lead agency STC')).expect(200);
    await stack.http.post(`/api/tasks/${fixture.taskId}/progress`).set(auth('lead agency STC')).send({ percent: 20, note: `Ghi chú ${MARKER}` }).expect(200);
    document = (await stack.http.get('/api/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('reads every route from the OpenAPI document', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThan(40);
  });

  it('answers no request with a 5xx, and shows no outsider the task', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let insiderSawTask = false;
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const parameters = operation.parameters ?? [];
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        const request = fc.record({
          path: fc.record(Object.fromEntries(parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, pathValue(fixture)]))),
          query: fc.record(
            Object.fromEntries(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, arbitraryFor(parameter.schema, document, fixture)])),
            { requiredKeys: [] },
          ),
          body: bodySchema ? arbitraryFor(bodySchema, document, fixture) : fc.constant(undefined),
        });
        for (const principal of principals) {
          await fc.assert(
            fc.asyncProperty(request, async ({ path, query, body }) => {
              const url = template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(String(path[name])));
              let call = stack.http[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
              const search = new URLSearchParams();
              for (const [name, value] of Object.entries(query)) if (value !== undefined) search.append(name, typeof value === 'string' ? value : JSON.stringify(value));
              if ([...search].length) call = call.query(search.toString());
              if (principal.token) call = call.set('Authorization', `Bearer ${principal.token}`);
              if (body !== undefined && method !== 'get') call = call.set('Content-Type', 'application/json').send(JSON.stringify(body));
              const response = await call;
              const shown = `${response.text ?? ''}${JSON.stringify(response.headers)}`;
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
              if (!principal.outsider && shown.includes(MARKER)) insiderSawTask = true;
              const problem =
                response.status >= 500 ? `answered ${response.status}: ${shown.slice(0, 300)}` : principal.outsider && shown.includes(MARKER) ? `showed the task to an outsider: ${shown.slice(0, 300)}` : null;
              if (problem) failures.push(`${method.toUpperCase()} ${url} as ${principal.name} ${JSON.stringify({ query, body }).slice(0, 300)} ${problem}`);
              return problem === null;
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          ).catch(() => undefined); // collected above: one report of every failing route
        }
      }
    }
    expect(failures).toEqual([]);
    // The fuzz got past validation (2xx) and the leak check looked at real data: the task's parties saw it.
    expect([...statuses.keys()].some((status) => status >= 200 && status < 300)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(insiderSawTask).toBe(true);
  });
});

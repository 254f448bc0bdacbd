import { Param, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@giaoviec/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each kind of thing a route names by id: the shape of its ids, and the 404 when an id names nothing. */
const RESOURCES = {
  task: { idPattern: UUID, notFound: 'Không tìm thấy nhiệm vụ.' },
  plan: { idPattern: UUID, notFound: 'Không tìm thấy kế hoạch.' },
  reportingRound: { idPattern: UUID, notFound: 'Không tìm thấy đợt báo cáo.' },
  notification: { idPattern: /^\d{1,18}$/, notFound: 'Không tìm thấy thông báo.' },
  reorganization: { idPattern: UUID, notFound: 'Không tìm thấy đợt sắp xếp tổ chức.' },
} as const;

export type RouteResource = keyof typeof RESOURCES;

/** The 404 of a `resource` that does not exist (or that the user may not know exists). */
export function notFound(resource: RouteResource): DomainError {
  return new DomainError('NOT_FOUND', RESOURCES[resource].notFound);
}

/** An id that cannot name a `resource` is answered as one that names nothing: 404, before any service runs. */
export class RouteIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(private readonly resource: RouteResource) {}

  async transform(id: string): Promise<string> {
    if (RESOURCES[this.resource].idPattern.test(id)) return id;
    // Nest validates a handler's parameters concurrently and answers the first failure. The body's validation
    // settles within microtasks: waiting one turn of the event loop lets bad input stay a 400 ahead of this
    // 404, as when the services checked ids.
    await new Promise((resolve) => setImmediate(resolve));
    throw notFound(this.resource);
  }
}

/** `@RouteId('task')`: the route parameter `id` (or `param`), checked to have the shape of a task's ids. */
export const RouteId = (resource: RouteResource, param = 'id'): ParameterDecorator => Param(param, new RouteIdPipe(resource));

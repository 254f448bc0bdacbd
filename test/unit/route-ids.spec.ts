import { Body, Controller, HttpCode, Logger, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AllExceptionsFilter } from '../../apps/api/src/common/all-exceptions.filter';
import { RouteId } from '../../apps/api/src/common/route-ids';
import { createValidationPipe } from '../../apps/api/src/common/validation';
import { ProgressRequest } from '../../apps/api/src/tasks/dto/task-commands.dto';

@Controller('tasks')
class ProbeController {
  @Post(':id/progress')
  @HttpCode(200)
  progress(@RouteId('task') id: string, @Body() body: ProgressRequest) {
    return { id, percent: body.percent };
  }
}

/** The route-id pipe inside Nest (in memory, no servers), with the API's validation pipe and error filter. */
describe('route ids in a Nest route', () => {
  let app: INestApplication;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(createValidationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  const id = '0b9d8e7c-6a51-4c3e-a5f7-6f1c2a9e8d4b';

  it('passes a well-formed id on', async () => {
    await request(app.getHttpServer()).post(`/tasks/${id}/progress`).send({ percent: 10, note: 'x' }).expect(200, { id, percent: 10 });
  });

  it('answers a malformed id with the 404 of a task that does not exist', async () => {
    const response = await request(app.getHttpServer()).post('/tasks/not-a-uuid/progress').send({ percent: 10, note: 'x' }).expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Không tìm thấy nhiệm vụ.' });
  });

  it('still answers bad input first (400), as when services checked ids', async () => {
    const response = await request(app.getHttpServer()).post('/tasks/not-a-uuid/progress').send({ percent: 150 }).expect(400);
    expect(new Set(response.body.details.map((detail: { path: string }) => detail.path))).toEqual(new Set(['percent', 'note']));
    expect(response.body.message).toBe('Dữ liệu không hợp lệ: percent, note');
  });
});

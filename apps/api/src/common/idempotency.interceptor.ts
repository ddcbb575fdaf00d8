// Idempotency-Key on a POST: the first answer is stored by the use case in the transaction of its write;
// this interceptor replays it for a repeated key (422 for the same key with another body), and answers a
// copy that lost the race to its twin with the twin's answer. Handlers take the key with @Idempotency().
import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { from, type Observable } from 'rxjs';
import { ConcurrentIdempotentRequest, IdempotencyStore, idempotencyContext, requestHash, type Actor, type IdempotencyContext } from '#application';
import { Conflict, StaleVersion, TransitionNotAllowed } from '#workflow';

type IdempotentRequest = Request & { actor: Actor; idempotency?: IdempotencyContext };

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.run(request, response, () => new Promise((resolve, reject) => next.handle().subscribe({ next: resolve, error: reject }))));
  }

  private async run(request: IdempotentRequest, response: Response, handle: () => Promise<unknown>): Promise<unknown> {
    const idempotency = idempotencyContext(request.actor.userId!, request.header('idempotency-key'), requestHash(request.method, request.path, request.body));
    request.idempotency = idempotency;
    const replay = async () => {
      const stored = await this.store.replay(idempotency);
      if (stored) response.status(stored.statusCode).setHeader('Idempotent-Replayed', 'true');
      return stored;
    };
    const stored = await replay();
    if (stored) return stored.body;
    try {
      return await handle();
    } catch (error) {
      if (!idempotency) throw error;
      // A copy of this request that raced us and committed first: its answer is ours.
      const lostRace = error instanceof StaleVersion || error instanceof TransitionNotAllowed || error instanceof ConcurrentIdempotentRequest;
      if (!lostRace) throw error;
      const first = await replay();
      if (first) return first.body;
      if (error instanceof ConcurrentIdempotentRequest) {
        throw new Conflict('A live adhesion already exists for this commune and service', { reason: 'adhesion_already_live' });
      }
      throw error;
    }
  }
}

/** The route honours an Idempotency-Key header. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a POST with the same key returns its first answer.' }),
  );

/** The request's idempotency context, for the use case that stores the answer with its write. */
export const Idempotency = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyContext | undefined => context.switchToHttp().getRequest<IdempotentRequest>().idempotency,
);

import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { type Actor } from '#application';

export const IS_PUBLIC = 'alacarte:public';
/** The route needs no login. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller, as the guard resolved it from the token and the database. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<{ actor: Actor }>().actor,
);

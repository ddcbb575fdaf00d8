import { ApiProperty } from '@nestjs/swagger';

/** For OpenAPI only: the body is validated by the login schema in AuthService. */
export class LoginDto {
  @ApiProperty({ example: 'dgs@angersloiremetropole.fr' })
  email: string;

  @ApiProperty({ example: 'demo-dgs' })
  password: string;
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MACHINE_VERSION } from '#workflow';
import { APP_CONFIG, type AppConfig } from '#application';
import { Public } from '../auth/auth.decorators.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ description: 'The process is up.' })
  health() {
    return { status: 'ok', role: this.config.role, database: this.config.database.type, machineVersion: MACHINE_VERSION };
  }
}

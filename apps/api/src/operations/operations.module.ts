// Operations: logs, metrics, the queue dashboard and the retry of a failed notification (README, Operations).
import { Module, type DynamicModule } from '@nestjs/common';
import { type AppConfig } from '#application';
import { LoggingModule } from './logging.js';
import { MetricsService } from './metrics.service.js';
import { NotificationRetryController } from './notification-retry.controller.js';

@Module({})
export class OperationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OperationsModule,
      imports: [LoggingModule.forRoot(config)],
      controllers: [NotificationRetryController],
      providers: [MetricsService],
      exports: [MetricsService, LoggingModule],
    };
  }
}

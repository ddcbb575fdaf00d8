import { AdhesionEntity } from './adhesion.entity.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { CommuneEntity } from './commune.entity.js';
import { DocumentAuditEntity } from './document-audit.entity.js';
import { EpciEntity } from './epci.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { NotificationLedgerEntity } from './notification-ledger.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationTemplateEntity } from './notification-template.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { ServiceEntity } from './service.entity.js';
import { UnitCostEntity } from './unit-cost.entity.js';
import { UsageAuditEntity } from './usage-audit.entity.js';
import { UsageRecordEntity } from './usage-record.entity.js';
import { UserEntity } from './user.entity.js';

export {
  AdhesionEntity,
  AuditEventEntity,
  CommuneEntity,
  DocumentAuditEntity,
  EpciEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  NotificationLedgerEntity,
  NotificationTemplateEntity,
  OutboxEntity,
  ServiceEntity,
  UnitCostEntity,
  UsageAuditEntity,
  UsageRecordEntity,
  UserEntity,
};
export * from './service.entity.js';
export * from './user.entity.js';

export const ENTITIES = [
  EpciEntity,
  CommuneEntity,
  ServiceEntity,
  UnitCostEntity,
  UserEntity,
  AdhesionEntity,
  AuditEventEntity,
  OutboxEntity,
  NotificationLedgerEntity,
  NotificationEntity,
  IdempotencyKeyEntity,
  DocumentAuditEntity,
  UsageRecordEntity,
  UsageAuditEntity,
  NotificationTemplateEntity,
];

// The TypeORM implementations of the application's ports, and the Repositories object of one unit of work.
import { type EntityManager } from 'typeorm';
import type { Repositories } from '../../../application/src/ports/index.js';
import { TypeOrmAdhesionRepository } from './typeorm-adhesion.repository.js';
import { TypeOrmCatalogueRepository } from './typeorm-catalogue.repository.js';
import { TypeOrmCommuneDirectory } from './typeorm-commune.directory.js';
import { TypeOrmDocumentStore } from './typeorm-document.repository.js';
import { TypeOrmIdempotencyRecords } from './typeorm-idempotency.repository.js';
import { TypeOrmNotificationInbox } from './typeorm-notification-inbox.repository.js';
import { TypeOrmNotificationLedger } from './typeorm-notification-ledger.repository.js';
import { TypeOrmNotificationTemplates } from './typeorm-notification-template.repository.js';
import { TypeOrmOutbox } from './typeorm-outbox.repository.js';
import { TypeOrmReferenceData } from './typeorm-reference-data.repository.js';
import { type WriteTracker } from './typeorm-repository.js';
import { TypeOrmUsageRepository } from './typeorm-usage.repository.js';
import { TypeOrmUserDirectory } from './typeorm-user.directory.js';

export * from './typeorm-adhesion.repository.js';
export * from './typeorm-catalogue.repository.js';
export * from './typeorm-commune.directory.js';
export * from './typeorm-document.repository.js';
export * from './typeorm-idempotency.repository.js';
export * from './typeorm-notification-inbox.repository.js';
export * from './typeorm-notification-ledger.repository.js';
export * from './typeorm-notification-template.repository.js';
export * from './typeorm-outbox.repository.js';
export * from './typeorm-reference-data.repository.js';
export * from './typeorm-repository.js';
export * from './typeorm-usage.repository.js';
export * from './typeorm-user.directory.js';

/** Every repository, bound to one manager: built per unit of work, so a plain object of small classes. */
export function typeOrmRepositories(manager: EntityManager, tracker?: WriteTracker): Repositories {
  return {
    adhesions: new TypeOrmAdhesionRepository(manager, tracker),
    catalogue: new TypeOrmCatalogueRepository(manager, tracker),
    communes: new TypeOrmCommuneDirectory(manager, tracker),
    reference: new TypeOrmReferenceData(manager, tracker),
    users: new TypeOrmUserDirectory(manager, tracker),
    outbox: new TypeOrmOutbox(manager, tracker),
    ledger: new TypeOrmNotificationLedger(manager, tracker),
    notifications: new TypeOrmNotificationInbox(manager, tracker),
    notificationTemplates: new TypeOrmNotificationTemplates(manager, tracker),
    documents: new TypeOrmDocumentStore(manager, tracker),
    idempotency: new TypeOrmIdempotencyRecords(manager, tracker),
    usage: new TypeOrmUsageRepository(manager, tracker),
  };
}

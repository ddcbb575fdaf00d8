// The DGS keeps the catalogue and the yearly unit costs (CGCT D5211-16: notified each year before the budget).
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ServiceEntity, UnitCostEntity, UnitOfWork } from '#persistence';
import { Forbidden, NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { parseOrThrow } from '../common/validation.js';

export const updateServiceSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
    noticePeriodMonths: z.number().int().min(1).max(36).optional(),
    renewalWindowDays: z.number().int().min(1).max(365).optional(),
    reminderOffsets: z
      .array(z.number().int().min(1).max(365))
      .min(1)
      .max(20)
      .refine((list) => new Set(list).size === list.length, { message: 'duplicate_offsets' })
      .optional(),
  })
  .strict();

export const unitCostSchema = z
  .object({
    unitCostCents: z.number().int().min(0).max(1e11).optional(),
    totalCostCents: z.number().int().min(0).max(1e13).optional(),
  })
  .strict()
  .refine((v) => v.unitCostCents !== undefined || v.totalCostCents !== undefined, { message: 'unit_or_total_required' });

const mayEdit = (actor: Actor) => actor.role === 'dgs' || actor.role === 'admin';

@Injectable()
export class CatalogueAdmin {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Settings apply to adhesions created from now on; existing conventions keep the terms they were signed with. */
  async updateService(actor: Actor, code: string, body: unknown): Promise<ServiceEntity> {
    const patch = parseOrThrow(updateServiceSchema, body);
    if (!mayEdit(actor)) throw new Forbidden('Only the DGS may edit the catalogue');
    return this.uow.write(async (m) => {
      const service = await m.findOneBy(ServiceEntity, { code });
      if (!service) throw new NotFound('Service not found', { code });
      const next = { ...patch, ...(patch.reminderOffsets ? { reminderOffsets: [...patch.reminderOffsets].sort((a, b) => b - a) } : {}) };
      await m.update(ServiceEntity, { code }, next as never);
      return { ...service, ...next };
    });
  }

  async setUnitCost(actor: Actor, code: string, yearText: string, body: unknown): Promise<UnitCostEntity> {
    const cost = parseOrThrow(unitCostSchema, body);
    const year = parseOrThrow(z.coerce.number().int().min(2000).max(2200), yearText);
    if (!mayEdit(actor)) throw new Forbidden('Only the DGS may set unit costs');
    const at = this.clock.now().toISOString();
    return this.uow.write(async (m) => {
      if (!(await m.findOneBy(ServiceEntity, { code }))) throw new NotFound('Service not found', { code });
      const existing = await m.findOneBy(UnitCostEntity, { serviceCode: code, year });
      const row: UnitCostEntity = {
        serviceCode: code,
        year,
        unitCostCents: cost.unitCostCents ?? existing?.unitCostCents ?? null,
        totalCostCents: cost.totalCostCents ?? existing?.totalCostCents ?? null,
        notifiedAt: at,
      };
      if (existing) await m.update(UnitCostEntity, { serviceCode: code, year }, row);
      else await m.insert(UnitCostEntity, row);
      return row;
    });
  }
}

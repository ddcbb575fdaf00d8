// HTTP for the documents of an adhesion: the PDF bytes, with a French file name. The use case does the rest.
import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { documentQuery } from '#contracts';
import { DOCUMENT_KINDS } from '#documents';
import { GenerateDocumentUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

/** RFC 6266: an ASCII fallback for old clients, and the French name (accents kept) as RFC 5987 UTF-8. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

@ApiTags('documents')
@Controller('adhesions/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: GenerateDocumentUseCase) {}

  @Get(':kind.pdf')
  @Header('Cache-Control', 'private, no-store')
  @ApiParam({ name: 'kind', enum: DOCUMENT_KINDS })
  @Contract({
    operationId: 'downloadAdhesionDocument',
    summary: 'Download a document of an adhesion',
    description:
      'The adhesion’s `availableDocuments` lists the documents of its step. `year` chooses the calendar year of an ' +
      '`annual-statement` (by default the last closed year the convention touches, else the current one) or of a ' +
      '`unit-cost-letter` (by default the latest year whose cost is notified); the other kinds ignore it. `number` chooses ' +
      'an `amendment` (avenant n°; by default the one in progress, else the last applied).',
    query: documentQuery,
    ok: { contentType: 'application/pdf', schema: { type: 'string', format: 'binary' } },
    okDescription: 'The PDF; its SHA-256 is recorded in the history (DOCUMENT_GENERATED).',
    errors: {
      400: WHEN.invalid,
      404: `${WHEN.notFound} Also an unknown kind of document.`,
      409: 'The adhesion has not reached the step of this document, the convention does not touch the year asked, or (a letter) the year’s cost is not notified, or there is no avenant of that number (`document_not_available`, with `year`).',
    },
  })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('kind') kind: string, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    const document = await this.documents.execute(actor, id, kind, query);
    return new StreamableFile(document.bytes, {
      type: document.contentType,
      disposition: attachment(document.fileName),
      length: document.bytes.length,
    });
  }
}

// HTTP for the documents of an adhesion: the PDF (or .docx) bytes, with a French file name. The use case does the rest.
import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { moneyYearQuery } from '#contracts';
import { DELIBERATION_KINDS, DOCUMENT_KINDS, DOCX_MEDIA_TYPE, documentFormat } from '#documents';
import { GenerateDocumentUseCase, type Actor, type GeneratedDocument } from '#application';
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
  @ApiParam({ name: 'kind', enum: DOCUMENT_KINDS.filter((kind) => documentFormat(kind).extension === 'pdf') })
  @Contract({
    operationId: 'downloadAdhesionDocument',
    summary: 'Download a document of an adhesion',
    description:
      'The adhesion’s `availableDocuments` lists the documents of its step. `year` chooses the calendar year of an ' +
      '`annual-statement` (by default the last closed year the convention touches, else the current one) or of a ' +
      '`unit-cost-letter` (by default the latest year whose cost is notified); the other kinds ignore it.',
    query: moneyYearQuery,
    ok: { contentType: 'application/pdf', schema: { type: 'string', format: 'binary' } },
    okDescription: 'The PDF; its SHA-256 is recorded in the history (DOCUMENT_GENERATED).',
    errors: {
      400: WHEN.invalid,
      404: `${WHEN.notFound} Also an unknown kind of document.`,
      409: 'The adhesion has not reached the step of this document, the convention does not touch the year asked, or (a letter) the year’s cost is not notified (`document_not_available`, with `year`).',
    },
  })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('kind') kind: string, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    return this.serve(await this.documents.execute(actor, id, kind, query, 'pdf'));
  }

  @Get(':kind.docx')
  @Header('Cache-Control', 'private, no-store')
  @ApiParam({ name: 'kind', enum: DELIBERATION_KINDS })
  @Contract({
    operationId: 'downloadAdhesionWordDocument',
    summary: 'Download an editable document of an adhesion (Word)',
    description:
      'The model deliberation of the commune’s municipal council (`commune-deliberation`) or of the EPCI’s council ' +
      '(`epci-deliberation`), pre-filled with the parties, the service, its legal basis and the accepted proposal’s ' +
      'financial terms, the session, number and votes left blank. From the proposal’s acceptance on.',
    ok: { contentType: DOCX_MEDIA_TYPE, schema: { type: 'string', format: 'binary' } },
    okDescription: 'The .docx; its SHA-256 is recorded in the history (DOCUMENT_GENERATED).',
    errors: {
      404: `${WHEN.notFound} Also an unknown kind of document.`,
      409: 'The proposal has not been accepted yet (`document_not_available`).',
    },
  })
  async downloadWord(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('kind') kind: string): Promise<StreamableFile> {
    return this.serve(await this.documents.execute(actor, id, kind, {}, 'docx'));
  }

  private serve(document: GeneratedDocument): StreamableFile {
    return new StreamableFile(document.bytes, {
      type: document.contentType,
      disposition: attachment(document.fileName),
      length: document.bytes.length,
    });
  }
}

// HTTP for the files attached to an adhesion: upload (multipart), list, one's metadata, its bytes. The use case
// and the queries do the rest (scope, type by the bytes, size, metadata, storage).
import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import {
  ATTACHMENT_FILE_FIELD,
  ATTACHMENT_MEDIA_TYPES,
  attachmentListSchema,
  attachmentMetadataSchema,
  attachmentSchema,
  MAX_ATTACHMENT_BYTES,
  type Attachment,
} from '#contracts';
import { AttachmentQueries, UploadAttachmentUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { attachment } from '../documents/documents.controller.js';
import { componentOf, Contract, WHEN } from '../openapi/contract.decorator.js';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor.js';

const NOT_FOUND = `${WHEN.notFound} Only the two parties of the adhesion see its files: the commune’s secretary, the EPCI’s DGS and the agent of the service’s pole; anyone else, the admin included, is answered 404.`;

/** The multipart form: the metadata's text fields (AttachmentMetadata, from libs/contracts) and the file. */
const UPLOAD_FORM = {
  allOf: [
    { $ref: `#/components/schemas/${componentOf(attachmentMetadataSchema, 'request')}` },
    {
      type: 'object',
      required: [ATTACHMENT_FILE_FIELD],
      properties: {
        [ATTACHMENT_FILE_FIELD]: {
          type: 'string',
          format: 'binary',
          description: `A PDF, or the scan of a page as JPEG or PNG (judged by its bytes), at most ${MAX_ATTACHMENT_BYTES} bytes.`,
        },
      },
    },
  ],
};

@ApiTags('adhesions')
@Controller('adhesions/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly upload: UploadAttachmentUseCase,
    private readonly queries: AttachmentQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(AttachmentUploadInterceptor)
  @Contract({
    operationId: 'uploadAttachment',
    summary: 'Attach a file to an adhesion',
    description:
      'A multipart form: the `file` (a PDF, or the scan of a page as JPEG or PNG, judged by its bytes; at most ' +
      `${MAX_ATTACHMENT_BYTES} bytes) and its metadata: \`kind\`, and for a deliberation its council (\`party\`), \`number\`, \`date\` ` +
      'and `transmittedOn` (the date of its transmission to the prefecture, not before its date; neither in the future). ' +
      'It is attached at the adhesion’s current step, with its SHA-256, and listed in the history (ATTACHMENT_ADDED).',
    body: { multipart: UPLOAD_FORM, description: 'The file and its metadata.' },
    status: 201,
    ok: attachmentSchema,
    okDescription: 'The file attached, with its SHA-256 and the type found in its bytes.',
    errors: {
      400: 'No file, more than one, or metadata missing or invalid (`invalid_input`, each issue with its field and its French sentence), or a malformed form.',
      404: NOT_FOUND,
      413: `The file is larger than ${MAX_ATTACHMENT_BYTES} bytes (\`attachment_too_large\`).`,
      415: 'The bytes are not a PDF, a JPEG or a PNG, whatever the file’s name or declared type (`unsupported_attachment_type`); or the body is neither JSON nor multipart/form-data (`unsupported_media_type`).',
      422: 'The file is empty, or a deliberation’s dates break a rule: in the future (`rule_violated`, with the field and the rule in French).',
    },
  })
  async create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() fields: Record<string, unknown>, @Req() request: Request): Promise<Attachment> {
    const file = (request as Request & { file?: { buffer: Buffer; originalname: string } }).file;
    const record = await this.upload.execute(actor, id, { ...fields }, file && { bytes: file.buffer, originalName: file.originalname });
    return this.queries.one(actor, id, record.id);
  }

  @Get()
  @Contract({
    operationId: 'listAttachments',
    summary: 'List the files attached to an adhesion',
    ok: attachmentListSchema,
    okDescription: 'Oldest first.',
    errors: { 404: NOT_FOUND },
  })
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Attachment[]> {
    return this.queries.list(actor, id);
  }

  @Get(':attachmentId')
  @Contract({
    operationId: 'getAttachment',
    summary: 'What is known of one attached file',
    ok: attachmentSchema,
    okDescription: 'Its metadata; its bytes are at `downloadUrl`.',
    errors: { 404: `${NOT_FOUND} Also a file of another adhesion.` },
  })
  one(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<Attachment> {
    return this.queries.one(actor, id, attachmentId);
  }

  @Get(':attachmentId/content')
  @Header('Cache-Control', 'private, no-store')
  @Contract({
    operationId: 'downloadAttachment',
    summary: 'Download an attached file',
    ok: { contentType: ATTACHMENT_MEDIA_TYPES, schema: { type: 'string', format: 'binary' } },
    okDescription: 'The same bytes as uploaded (same SHA-256), as an attachment, in the media type found in them, with `X-Content-Type-Options: nosniff`.',
    errors: { 404: `${NOT_FOUND} Also a file of another adhesion.` },
  })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { record, bytes } = await this.queries.download(actor, id, attachmentId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bytes, { type: record.mediaType, disposition: attachment(record.fileName), length: bytes.length });
  }
}

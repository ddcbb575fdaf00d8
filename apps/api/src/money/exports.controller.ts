// The statements of a year as files for the comptable public and the finance department: one table as CSV, or
// the three as one XLSX workbook. The figures are GET /api/reports/statements's (MoneyQueries.statements, the
// same scope: a secretary her commune, an agent its pole, a DGS its EPCI); libs/documents writes the bytes.
import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { statementsCsvQuery, statementsQuery, type ExportTable } from '#contracts';
import { CatalogueQueries, MoneyQueries, parseOrThrow, type Actor } from '#application';
import { CSV_CONTENT_TYPE, epciDisplayName, fileSlug, statementsCsv, statementsXlsx, XLSX_CONTENT_TYPE, type StatementsExportInput } from '#documents';
import { NotFound } from '#workflow';
import { CurrentActor } from '../auth/auth.decorators.js';
import { attachment } from '../documents/documents.controller.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

/** The first words of each file's name: ASCII, as a finance department's scripts expect them. */
const FILE_PREFIX: Readonly<Record<ExportTable, string>> = { statements: 'etats', instalments: 'echeances', shares: 'cles-de-repartition' };

const SCOPE = 'The figures of `GET /api/reports/statements`, in the same scope: a secretary gets her commune’s rows only.';

@ApiTags('money')
@Controller('reports')
export class ExportsController {
  constructor(
    private readonly money: MoneyQueries,
    private readonly catalogue: CatalogueQueries,
  ) {}

  @Get('statements.csv')
  @Header('Cache-Control', 'private, no-store')
  @Contract({
    operationId: 'exportYearStatementsCsv',
    summary: 'Export the statements of a year as CSV',
    description: `${SCOPE} UTF-8 with a BOM, \`;\` between fields, CRLF, amounts in euros with a decimal comma, dates as JJ/MM/AAAA; one table per file.`,
    query: statementsCsvQuery,
    ok: { contentType: 'text/csv', schema: { type: 'string' } },
    okDescription: 'The table, as a file to save (`Content-Disposition: attachment`).',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}` },
  })
  async csv(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    const { table } = parseOrThrow(statementsCsvQuery, query);
    const input = await this.inputOf(actor, query);
    const bytes = statementsCsv(input, table);
    return new StreamableFile(bytes, { type: CSV_CONTENT_TYPE, disposition: attachment(`${this.fileName(FILE_PREFIX[table], input, query)}.csv`), length: bytes.length });
  }

  @Get('statements.xlsx')
  @Header('Cache-Control', 'private, no-store')
  @Contract({
    operationId: 'exportYearStatementsXlsx',
    summary: 'Export the statements of a year as an XLSX workbook',
    description: `${SCOPE} Three sheets: the statements (with their totals), the instalments, the shares of the services financed by keys.`,
    query: statementsQuery,
    ok: { contentType: XLSX_CONTENT_TYPE, schema: { type: 'string', format: 'binary' } },
    okDescription: 'The workbook, as a file to save (`Content-Disposition: attachment`).',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}` },
  })
  async xlsx(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    const input = await this.inputOf(actor, query);
    const bytes = await statementsXlsx(input);
    return new StreamableFile(bytes, { type: XLSX_CONTENT_TYPE, disposition: attachment(`${this.fileName('etats', input, query)}.xlsx`), length: bytes.length });
  }

  /** The statements in the caller's scope and the name of their EPCI (its SIREN if the admin named an unknown one). */
  private async inputOf(actor: Actor, query: Record<string, unknown>): Promise<StatementsExportInput> {
    const statements = await this.money.statements(actor, query);
    const epciName = await this.catalogue.epci(actor, statements.epciSiren).then(
      (epci) => epciDisplayName(epci.name),
      (error: unknown) => {
        if (error instanceof NotFound) return statements.epciSiren;
        throw error;
      },
    );
    return { statements, epciName };
  }

  /** 'etats-2027-angers-loire-métropole', and the service and the commune when the export is of one. */
  private fileName(prefix: string, { statements, epciName }: StatementsExportInput, query: Record<string, unknown>): string {
    const { service, commune } = parseOrThrow(statementsQuery, query);
    return fileSlug(prefix, statements.year, epciName, ...(service ? [service] : []), ...(commune ? [commune] : []));
  }
}

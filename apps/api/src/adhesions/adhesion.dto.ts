// Request shapes for OpenAPI. Validation itself is done by the zod schemas of the use cases (and, for
// events, of libs/workflow), so that HTTP and the scheduler check work with exactly the same rules.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '#workflow';

export class CreateAdhesionDto {
  @ApiProperty({ example: '49007', description: 'INSEE code of the commune' })
  communeInsee: string;

  @ApiProperty({ example: 'ADS' })
  serviceCode: string;

  @ApiPropertyOptional({ example: ['PC', 'DP'], type: [String] })
  options?: string[];

  @ApiProperty({ example: 40.5, description: 'Forecast units per year (at most 4 decimals)' })
  forecastUnits: number;
}

export class UpdateDraftDto {
  @ApiPropertyOptional({ type: [String] })
  options?: string[];

  @ApiPropertyOptional()
  forecastUnits?: number;
}

export class EventDto {
  @ApiProperty({ enum: EVENT_TYPES, description: 'The event; its payload fields sit beside `type` (see GET /api/workflow).' })
  type: string;
}

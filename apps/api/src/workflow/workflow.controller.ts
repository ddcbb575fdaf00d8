import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { describeWorkflow, ROLE_LABELS_FR, type WorkflowDescription } from '#workflow';

@ApiTags('workflow')
@Public()
@Controller('workflow')
export class WorkflowController {
  private readonly description: WorkflowDescription & { roles: typeof ROLE_LABELS_FR } = {
    ...describeWorkflow(),
    roles: ROLE_LABELS_FR,
  };

  /** The lifecycle as data: states with French labels, events with their roles and fields, a Mermaid diagram. */
  @Get()
  @ApiOkResponse({ description: 'The adhesion lifecycle machine, described.' })
  get() {
    return this.description;
  }
}

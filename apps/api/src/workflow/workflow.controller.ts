import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { workflowDescriptionSchema, type WorkflowDescription as WorkflowResponse } from '#contracts';
import { Contract, WHEN } from '../openapi/contract.decorator.js';
import { Public } from '../auth/auth.decorators.js';
import { describeWorkflow, ROLE_LABELS_FR, type WorkflowDescription } from '#workflow';

@ApiTags('workflow')
@Public()
@Controller('workflow')
export class WorkflowController {
  private readonly description: WorkflowDescription & { roles: typeof ROLE_LABELS_FR } & WorkflowResponse = {
    ...describeWorkflow(),
    roles: ROLE_LABELS_FR,
  };

  /** The lifecycle as data: states with French labels, events with their roles and fields, a Mermaid diagram. */
  @Get()
  @Contract({
    operationId: 'getWorkflow',
    summary: 'Describe the adhesion lifecycle',
    public: true,
    ok: workflowDescriptionSchema,
    okDescription: 'The lifecycle machine: states, events with their roles and form fields, a Mermaid diagram.',
    errors: { 400: WHEN.malformed },
  })
  get(): WorkflowResponse {
    return this.description;
  }
}

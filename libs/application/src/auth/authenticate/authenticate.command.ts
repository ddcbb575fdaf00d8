// The command lives in the contracts lib (libs/contracts): the OpenAPI document and the web read it there.
export { authenticateCommand, type AuthenticateCommand } from '#contracts';

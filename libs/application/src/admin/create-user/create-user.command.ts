// The command lives in the contracts lib (libs/contracts), with every other command of the API.
export { createUserCommand, USER_ROLES, type CreateUserCommand } from '#contracts';

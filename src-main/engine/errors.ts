/** An error whose message is written for the user: printed as is, never as a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

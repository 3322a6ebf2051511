/**
 * NOTIFICATION error codes and subcodes (RFC 4271 §4.5 and §6, RFC 4486, RFC 6608, RFC 8203),
 * and the error a session throws to close with one.
 */
export const ERROR = {
  MESSAGE_HEADER: 1,
  OPEN_MESSAGE: 2,
  UPDATE_MESSAGE: 3,
  HOLD_TIMER_EXPIRED: 4,
  FSM: 5,
  CEASE: 6,
} as const;

export const HEADER_SUBCODE = { NOT_SYNCHRONIZED: 1, BAD_LENGTH: 2, BAD_TYPE: 3 } as const;
export const OPEN_SUBCODE = {
  UNSUPPORTED_VERSION: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNACCEPTABLE_HOLD_TIME: 6,
} as const;
export const UPDATE_SUBCODE = { MALFORMED_ATTRIBUTE_LIST: 1, INVALID_NETWORK_FIELD: 10 } as const;
/** RFC 6608: the state in which an unexpected message arrived. */
export const FSM_SUBCODE = { OPEN_SENT: 1, OPEN_CONFIRM: 2, ESTABLISHED: 3 } as const;
export const CEASE_SUBCODE = {
  ADMINISTRATIVE_SHUTDOWN: 2,
  CONNECTION_REJECTED: 5,
  CONNECTION_COLLISION: 7,
  OUT_OF_RESOURCES: 8,
} as const;

/** Thrown inside a session: the session sends this NOTIFICATION and closes. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly errorCode: number,
    readonly errorSubcode: number,
    message: string,
    readonly data: Uint8Array = new Uint8Array(0),
  ) {
    super(message);
  }
}

/** One reader over a response body, whichever kind the transport gave (open-body-reader.ts makes one). Types only. */
export type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

export interface BodyReader {
  read(): Promise<ReadResult>;
  /** Stops the body (the connection is not reused); safe to call twice. */
  cancel(): Promise<void>;
  /** Gives the body back without stopping it (it has ended, or is owned elsewhere). */
  release(): void;
  /**
   * Nothing more is wanted but the body may not have ended: lets the rest go
   * the cheapest way that keeps the connection when it can.
   */
  finish(): void;
  /**
   * What the body holds already, without waiting for the network; null when
   * nothing (or when the transport cannot tell without waiting).
   */
  readBuffered?(): Uint8Array | null;
}

/**
 * The PostgreSQL wire protocol's extended-query messages a client sends (protocol 3.0, "Message
 * Formats"), for a driver that takes raw protocol bytes (PGlite's `execProtocol`): each message is
 * its type byte, its length as a big-endian int32 counting itself, then its body. Every value goes
 * in text format.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Appends the pieces of one message body and frames it. */
class MessageBody {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  bytes(part: Uint8Array): this {
    this.parts.push(part);
    this.length += part.byteLength;
    return this;
  }

  /** A NUL-terminated string (names, statement text). */
  cString(text: string): this {
    return this.bytes(encoder.encode(text)).bytes(new Uint8Array(1));
  }

  int16(value: number): this {
    const part = new Uint8Array(2);
    new DataView(part.buffer).setInt16(0, value);
    return this.bytes(part);
  }

  int32(value: number): this {
    const part = new Uint8Array(4);
    new DataView(part.buffer).setInt32(0, value);
    return this.bytes(part);
  }

  /** The framed message: type byte, length, body. */
  message(type: string): Uint8Array {
    const framed = new Uint8Array(5 + this.length);
    framed[0] = type.charCodeAt(0);
    new DataView(framed.buffer).setInt32(1, 4 + this.length);
    let offset = 5;
    for (const part of this.parts) {
      framed.set(part, offset);
      offset += part.byteLength;
    }
    return framed;
  }
}

/** `Parse`: prepares `text` under `name`, parameter types left to the server. */
export function parseMessage(name: string, text: string): Uint8Array {
  return new MessageBody().cString(name).cString(text).int16(0).message('P');
}

/** `Describe` of the statement `name`: answers with its parameter types and its row's fields. */
export function describeStatementMessage(name: string): Uint8Array {
  return new MessageBody()
    .bytes(new Uint8Array([0x53]))
    .cString(name)
    .message('D');
}

/** `Describe` of the unnamed portal: answers with the row's fields (or `NoData`). */
export function describePortalMessage(): Uint8Array {
  return new MessageBody()
    .bytes(new Uint8Array([0x50]))
    .cString('')
    .message('D');
}

/**
 * `Bind` of the statement `name` to the unnamed portal: every parameter in text format (`null` is
 * SQL NULL), every result column in text format.
 */
export function bindMessage(name: string, values: readonly (string | null)[]): Uint8Array {
  const body = new MessageBody().cString('').cString(name).int16(0).int16(values.length);
  for (const value of values) {
    if (value === null) {
      body.int32(-1);
    } else {
      const bytes = encoder.encode(value);
      body.int32(bytes.byteLength).bytes(bytes);
    }
  }
  return body.int16(0).message('B');
}

/** `Execute` of the unnamed portal, every row. */
export function executeMessage(): Uint8Array {
  return new MessageBody().cString('').int32(0).message('E');
}

/** `Close` of the statement `name`: frees it (closing a name the session lacks is no error). */
export function closeStatementMessage(name: string): Uint8Array {
  return new MessageBody()
    .bytes(new Uint8Array([0x53]))
    .cString(name)
    .message('C');
}

/** `Sync`: ends the statement (its implicit transaction commits unless a `BEGIN` is open). */
export function syncMessage(): Uint8Array {
  return new MessageBody().message('S');
}

/** The messages one after another, as one buffer. */
export function concatMessages(messages: readonly Uint8Array[]): Uint8Array {
  const total = messages.reduce((sum, message) => sum + message.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const message of messages) {
    joined.set(message, offset);
    offset += message.byteLength;
  }
  return joined;
}

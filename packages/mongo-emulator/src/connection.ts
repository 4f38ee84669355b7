import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { runCommand, type BaseCtx } from './commands/router';
import { FrameError, FrameReader, OpCode, type Frame } from './wire/framing';
import { MsgFlags, opMsgPieces, parseOpMsg } from './wire/op-msg';
import { buildOpReply, parseOpQuery } from './wire/op-query';
import type { Doc } from './engine/paths';

let nextRequestId = 1;

/**
 * One client connection: frames are handled strictly in order (drivers never pipeline on one
 * connection). A frame that cannot be parsed closes this connection only.
 */
export class Connection {
  private readonly reader = new FrameReader();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly base: BaseCtx,
    private readonly log: (msg: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => (this.closed = true));
  }

  close(reason?: string): void {
    if (reason) this.log(`closing connection ${this.base.connectionId}: ${reason}`);
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.reader.push(chunk);
    let frames: Frame[];
    try {
      frames = this.reader.drain();
    } catch (err) {
      this.close(err instanceof Error ? err.message : String(err));
      return;
    }
    for (const frame of frames) this.chain = this.chain.then(() => this.handle(frame));
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    try {
      if (frame.opCode === OpCode.MSG) await this.handleMsg(frame);
      else if (frame.opCode === OpCode.QUERY) await this.handleQuery(frame);
      else this.close(`unsupported opCode ${frame.opCode}`);
    } catch (err) {
      const why =
        err instanceof FrameError
          ? err.message
          : `malformed message: ${err instanceof Error ? err.message : String(err)}`;
      this.close(why);
    }
  }

  private async handleMsg(frame: Frame): Promise<void> {
    const { flags, command } = await parseOpMsg(frame);
    const reply = await runCommand(command, this.base);
    if (flags & MsgFlags.moreToCome) return;
    this.send(...opMsgPieces(nextRequestId++, frame.requestId, reply));
  }

  private async handleQuery(frame: Frame): Promise<void> {
    const { collection, query } = parseOpQuery(frame);
    let reply: Document;
    if (!collection.endsWith('.$cmd')) {
      reply = {
        ok: 0,
        code: 352,
        codeName: 'UnsupportedOpQueryCommand',
        errmsg: 'OP_QUERY is only supported for commands',
      };
    } else {
      const inner = (query.$query && typeof query.$query === 'object' ? query.$query : query) as Doc;
      const db = collection.slice(0, -'.$cmd'.length);
      reply = await runCommand({ ...inner, $db: db }, this.base);
    }
    this.send(buildOpReply(nextRequestId++, frame.requestId, [reply]));
  }

  /** Small replies are joined into one write (writev is slow for them); large ones are not copied. */
  private send(...pieces: Buffer[]): void {
    if (this.closed) return;
    const total = pieces.reduce((n, p) => n + p.length, 0);
    if (total < 1024 * 1024) {
      this.socket.write(Buffer.concat(pieces, total));
      return;
    }
    this.socket.cork();
    for (const p of pieces) this.socket.write(p);
    this.socket.uncork();
  }
}

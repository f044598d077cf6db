/**
 * The native messaging host's session: checks the caller, reads capped frames from the browser and
 * hands each to the dispatcher (dispatch.ts), and writes every reply checked and within limits,
 * without buffering for a browser that stops reading. An oversized length prefix or a truncated
 * frame ends the session with an `error` frame, since the stream cannot be trusted after that.
 * The end of input (the browser disconnected) stops the running job. Nothing read from the
 * browser is ever logged.
 */
import type { Readable, Writable } from 'node:stream';
import '../zod-english';
import { HostReplySchema, type HostReply } from '@/contract/protocol';
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES } from '@/contract/limits';
import type { Config } from '../config';
import { effectiveAllowList } from './allow';
import { describeCaller, isCallerAllowed, type Caller } from './caller';
import { encodeFrame, FrameReader } from './framing';
import { createDispatch } from './dispatch';
import type { Engines, JobContext } from './jobs';

export interface HostOptions extends Engines {
  input: Readable;
  output: Writable;
  caller: Caller;
  config: Config;
  helperVersion: string;
  /** The clock of the discovery rate limit (tests). */
  now?: () => number;
}

/** Exit codes: 0 the browser closed the pipe at a frame boundary; 1 refused caller or broken stream. */
export function runHost(o: HostOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    const reader = new FrameReader(MAX_REQUEST_BYTES);
    let finished = false;
    let outputBroken = false;
    let awaitingDrain = false;

    const send = (reply: HostReply): void => {
      if (outputBroken) return;
      const checked = HostReplySchema.safeParse(reply);
      let frame = checked.success ? encodeFrame(checked.data) : undefined;
      if (!frame || frame.length - 4 > MAX_REPLY_BYTES) {
        // Should not happen (the schemas bound every field); answer with a small frame rather than a broken one.
        frame = encodeFrame({
          type: 'error',
          id: 'id' in reply ? reply.id : undefined,
          code: 'internal',
          message: 'reply could not be encoded within limits',
        });
      }
      // Backpressure: a caller that does not read our answers must not make us buffer without bound.
      // One 'drain' wait at a time: a chunk of many small frames answered while the pipe is full
      // would otherwise add a listener per frame.
      if (!o.output.write(frame) && !awaitingDrain) {
        awaitingDrain = true;
        o.input.pause();
        o.output.once('drain', () => {
          awaitingDrain = false;
          if (!finished) o.input.resume();
        });
      }
    };

    const jobs: JobContext = { send, allow: effectiveAllowList(o.config.allow), running: undefined, now: o.now ?? Date.now };
    const handle = createDispatch(jobs, o, o.helperVersion);

    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      o.input.pause();
      o.input.removeListener('data', onData);
      const end = () => o.output.end(() => resolve(code));
      const running = jobs.running;
      if (running) {
        // Whatever ends the session ends the job: the browser closes our stdin when the port is
        // disconnected, and nobody would read the results. The abort settles it within moments.
        running.abort.abort();
        running.done.then(end, end);
      } else end();
    };

    const onData = (chunk: Buffer): void => {
      for (const ev of reader.push(chunk)) {
        if (finished) return;
        if (ev.kind === 'too-large') {
          send({ type: 'error', code: 'too-large', message: `frame of ${ev.length} bytes is over the ${MAX_REQUEST_BYTES}-byte limit` });
          return finish(1);
        }
        handle(ev.body);
      }
    };

    if (!isCallerAllowed(o.caller, o.config)) {
      send({
        type: 'error',
        code: 'not-allowed',
        message: `caller ${describeCaller(o.caller)} is not the Mail2000 Gmail Bridge extension`,
      });
      finish(1);
      return;
    }

    o.output.on('error', () => {
      // The browser closed our stdout: nobody is listening, so stop the job and leave.
      outputBroken = true;
      jobs.running?.abort.abort();
      finish(1);
    });
    o.input.on('data', onData);
    o.input.on('end', () => {
      if (reader.pending > 0) {
        send({ type: 'error', code: 'bad-request', message: `truncated frame: input ended after ${reader.pending} bytes of a frame` });
        return finish(1);
      }
      finish(0);
    });
    o.input.on('error', () => finish(1));
  });
}

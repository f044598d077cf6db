/**
 * The native messaging host loop: reads capped frames from the browser, answers `hello`, runs one
 * probe at a time on the allow-list and streams one `result` frame per service, then `summary`.
 * Every kind of bad input ends in an `error` frame: bad JSON or a wrong shape keeps the session
 * (frame boundaries are intact), an oversized length prefix or a truncated frame ends it, since
 * the stream cannot be trusted after that. The end of input (the browser disconnected) stops a
 * running probe. Nothing read from the browser is ever logged.
 */
import type { Readable, Writable } from 'node:stream';
import '../zod-english';
import {
  HostReplySchema,
  HostRequestSchema,
  ServiceResultSchema,
  type DiscoverRequest,
  type HostReply,
  type MailPolicyRequest,
  type SendTestRequest,
  type ProbeReport,
  type ProbeRequest,
  type ServiceResult,
} from '@/contract/protocol';
import type { DiscoverCandidate, DiscoverReport } from '@/contract/discovery';
import { DISCOVERY_LIMITS, SEND_TEST_LIMITS } from '@/contract/limits';
import type { SendStage, SendTestReport } from '@/contract/send-test';
import type { MailPolicy } from '@/contract/mail-policy';
import { addressDomain } from '@/contract/known-sites';
import { chooseHost } from '../send-test/host-choice';
import { createSendLimit } from './send-limit';
import type { SendTestOptions } from '../send-test/run';
import { isDiscoverableDomain } from '../discover/candidates';
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES, PROTOCOL_VERSION } from '@/contract/limits';
import type { Config } from '../config';
import { checkDiscoverRequest, checkProbeRequest, effectiveAllowList, formatAllowEntry } from './allow';
import { describeCaller, isCallerAllowed, type Caller } from './caller';
import { encodeFrame, FrameReader } from './framing';

export type ProbeFn = (
  opts: {
    host: string;
    ports?: ProbeRequest['ports'];
    only?: ProbeRequest['only'];
    timeoutMs?: number;
    credential?: { user: string; password: string };
  },
  onResult?: (r: ServiceResult) => void,
  signal?: AbortSignal,
) => Promise<ProbeReport>;

export type DiscoveryEventFn = (
  e: { kind: 'candidates'; candidates: DiscoverCandidate[] } | { kind: 'result'; host: string; result: ServiceResult },
) => void;
export type DiscoverFn = (
  opts: { domain: string; ports?: DiscoverRequest['ports']; timeoutMs?: number },
  onEvent?: DiscoveryEventFn,
  signal?: AbortSignal,
) => Promise<DiscoverReport>;

export type SendTestFn = (
  opts: Omit<SendTestOptions, 'ca'>,
  onStage?: (s: SendStage) => void,
  signal?: AbortSignal,
) => Promise<SendTestReport>;
export type MailPolicyFn = (domain: string, host: string) => Promise<MailPolicy>;

export interface HostOptions {
  input: Readable;
  output: Writable;
  caller: Caller;
  config: Config;
  probe: ProbeFn;
  /** Server discovery; without it a `discover` request is answered `internal`. */
  discover?: DiscoverFn;
  /** The forwarding test and the SPF/DMARC summary; without them those requests are answered `internal`. */
  sendTest?: SendTestFn;
  mailPolicy?: MailPolicyFn;
  helperVersion: string;
  /** The clock of the discovery rate limit (tests). */
  now?: () => number;
}

/** Exit codes: 0 the browser closed the pipe at a frame boundary; 1 refused caller or broken stream. */
export function runHost(o: HostOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    const allow = effectiveAllowList(o.config.allow);
    const reader = new FrameReader(MAX_REQUEST_BYTES);
    let running: { id: string; abort: AbortController; done: Promise<void> } | undefined;
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

    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      o.input.pause();
      o.input.removeListener('data', onData);
      const end = () => o.output.end(() => resolve(code));
      if (running) {
        // Whatever ends the session ends the probe: the browser closes our stdin when the port is
        // disconnected, and nobody would read the results. The abort settles it within moments.
        running.abort.abort();
        running.done.then(end, end);
      } else end();
    };

    const startProbe = (req: ProbeRequest): void => {
      const verdict = checkProbeRequest(req, allow);
      if (!verdict.ok) return send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
      if (running) return send({ type: 'error', id: req.id, code: 'busy', message: `probe ${running.id} is still running` });
      const abort = new AbortController();
      const id = req.id;
      const done = o
        .probe(
          { host: req.host, ports: req.ports, only: req.only, timeoutMs: req.timeoutMs, credential: req.credential },
          (r) => send(resultReply(id, r)),
          abort.signal,
        )
        .then(
          (report) => send({ type: 'summary', id, host: report.host, ms: report.ms, ok: report.results.every((r) => r.ok) }),
          // The engine's error text never contains the password; still, send a fixed text, not the error.
          () =>
            send({ type: 'error', id, code: 'internal', message: abort.signal.aborted ? 'probe aborted' : 'probe failed unexpectedly' }),
        )
        .finally(() => {
          running = undefined;
        });
      running = { id, abort, done };
    };

    const now = o.now ?? Date.now;
    let lastDiscoveryAt = -Infinity;
    const startDiscovery = (req: DiscoverRequest): void => {
      const verdict = checkDiscoverRequest(req, allow, isDiscoverableDomain);
      if (!verdict.ok) return send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
      if (running) return send({ type: 'error', id: req.id, code: 'busy', message: `${running.id} is still running` });
      const wait = lastDiscoveryAt + DISCOVERY_LIMITS.minIntervalMs - now();
      if (wait > 0) {
        const message = `one discovery every ${DISCOVERY_LIMITS.minIntervalMs} ms; try again in ${Math.ceil(wait)} ms`;
        return send({ type: 'error', id: req.id, code: 'rate-limited', message });
      }
      if (!o.discover) return send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot discover servers' });
      const abort = new AbortController();
      const id = req.id;
      const onEvent: DiscoveryEventFn = (e) => {
        if (e.kind === 'candidates') return send({ type: 'candidates', id, candidates: e.candidates });
        // Bounded like a probe's results: one chatty server cannot break the frame.
        const r = resultReply(id, e.result);
        send(r.type === 'result' ? { type: 'candidate-result', id, host: e.host, result: r.result } : r);
      };
      const done = o
        .discover({ domain: req.domain.toLowerCase(), ports: req.ports, timeoutMs: req.timeoutMs }, onEvent, abort.signal)
        .then(
          (report) => send({ type: 'discovered', id, report }),
          () => send({ type: 'error', id, code: 'internal', message: abort.signal.aborted ? 'discovery aborted' : 'discovery failed' }),
        )
        .finally(() => {
          // The pause counts from the end: a caller cannot keep the host discovering back to back.
          lastDiscoveryAt = now();
          running = undefined;
        });
      running = { id, abort, done };
    };

    /**
     * Where a forwarding test or a policy read goes: the named host, else the address's known
     * Mail2000 site; either way on the allow-list with its ports, checked before anything is sent.
     */
    const testTarget = (req: {
      id: string;
      address: string;
      host?: string;
      ports?: SendTestRequest['ports'];
    }): { host: string; hostSource: 'given' | 'known-site' } | undefined => {
      const choice = chooseHost(req.address, req.host);
      if (!('source' in choice)) {
        send({
          type: 'error',
          id: req.id,
          code: 'not-allowed',
          message: `no known Mail2000 site for ${choice.domain}; name the mail server in the request's host`,
        });
        return undefined;
      }
      const verdict = checkProbeRequest({ host: choice.host, ports: req.ports }, allow);
      if (!verdict.ok) {
        send({ type: 'error', id: req.id, code: 'not-allowed', message: verdict.message });
        return undefined;
      }
      return { host: choice.host, hostSource: choice.source };
    };

    const sendLimit = createSendLimit(now);
    const startSendTest = (req: SendTestRequest): void => {
      const target = testTarget(req);
      if (!target) return;
      if (running) return send({ type: 'error', id: req.id, code: 'busy', message: `${running.id} is still running` });
      if (!o.sendTest) return send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot send a test message' });
      const slot = sendLimit.take();
      if (!slot.ok) {
        const message = `at most ${SEND_TEST_LIMITS.perWindow} send tests in ${SEND_TEST_LIMITS.windowMs / 60_000} minutes; try again in ${Math.ceil(slot.waitMs / 1000)} s`;
        return send({ type: 'error', id: req.id, code: 'rate-limited', message });
      }
      const abort = new AbortController();
      const id = req.id;
      const done = o
        .sendTest(
          {
            address: req.address,
            ...target,
            ports: req.ports,
            credential: req.credential,
            checkCopy: req.checkCopy,
            timeoutMs: req.timeoutMs,
          },
          (stage) => send({ type: 'send-stage', id, stage: { ...stage, detail: stage.detail?.slice(0, 2000) } }),
          abort.signal,
        )
        .then(
          (report) => send({ type: 'send-report', id, report }),
          // A fixed text: an error could carry request data, and the request carried a password.
          () =>
            send({
              type: 'error',
              id,
              code: 'internal',
              message: abort.signal.aborted ? 'send test aborted' : 'send test failed unexpectedly',
            }),
        )
        .finally(() => {
          running = undefined;
        });
      running = { id, abort, done };
    };

    const startMailPolicy = (req: MailPolicyRequest): void => {
      const target = testTarget(req);
      if (!target) return;
      if (running) return send({ type: 'error', id: req.id, code: 'busy', message: `${running.id} is still running` });
      if (!o.mailPolicy) return send({ type: 'error', id: req.id, code: 'internal', message: 'this helper cannot read mail policies' });
      const id = req.id;
      const done = o
        .mailPolicy(addressDomain(req.address), target.host)
        .then(
          (policy) => send({ type: 'mail-policy', id, policy }),
          () => send({ type: 'error', id, code: 'internal', message: 'reading the mail policy failed' }),
        )
        .finally(() => {
          running = undefined;
        });
      running = { id, abort: new AbortController(), done };
    };

    const handle = (body: Buffer): void => {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send({ type: 'error', code: 'bad-json', message: 'frame is not valid JSON' });
      }
      const parsed = HostRequestSchema.safeParse(json);
      if (!parsed.success) {
        const id = typeof (json as { id?: unknown } | null)?.id === 'string' ? (json as { id: string }).id.slice(0, 64) : undefined;
        const issue = parsed.error.issues[0];
        // Paths and messages only: zod's messages do not repeat input values (a password must not come back).
        return send({
          type: 'error',
          id,
          code: 'bad-request',
          message: `invalid request${issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : ''}`,
        });
      }
      const req = parsed.data;
      if (req.type === 'hello') {
        return send({ type: 'hello', version: PROTOCOL_VERSION, helperVersion: o.helperVersion, allow: allow.map(formatAllowEntry) });
      }
      if (req.type === 'discover') return startDiscovery(req);
      if (req.type === 'send-test') return startSendTest(req);
      if (req.type === 'mail-policy') return startMailPolicy(req);
      startProbe(req);
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
      // The browser closed our stdout: nobody is listening, so stop the probe and leave.
      outputBroken = true;
      running?.abort.abort();
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

/** Bounds the engine's result to the schema's limits so one chatty server cannot break the reply. */
export function resultReply(id: string, r: ServiceResult): HostReply {
  const trimmed = {
    ...r,
    greeting: r.greeting?.slice(0, 1024),
    capabilities: r.capabilities?.slice(0, 200).map((c) => c.slice(0, 256)),
    stages: r.stages.map((s) => ({ ...s, detail: s.detail?.slice(0, 2000) })),
  };
  const parsed = ServiceResultSchema.safeParse(trimmed);
  if (parsed.success) return { type: 'result', id, result: parsed.data };
  return { type: 'error', id, code: 'internal', message: `result for ${r.service} did not match the schema` };
}

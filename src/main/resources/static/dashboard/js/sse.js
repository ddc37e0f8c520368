// Server-sent events over fetch, so that the stream carries Authorization and Last-Event-ID
// (EventSource can send neither), with reconnection and back-off.

import { ApiError, askForToken, authHeaders, problemOf } from './api.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits a text/event-stream body into events: {id, type, data}. */
async function readEvents(body, onEvent, isStopped) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, type: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done || isStopped()) {
      reader.cancel().catch(() => {});
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length > 0) onEvent({ id: event.id, type: event.type, data: event.data.join('\n') });
        event = { id: null, type: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = text;
      else if (field === 'event') event.type = text;
      else if (field === 'data') event.data.push(text);
    }
  }
}

/**
 * Follows `path`. onEvent gets {id, type, data (parsed JSON when it is)}; onState gets 'connecting',
 * 'live', 'reconnecting' (with the next delay in ms) or 'failed' (with an ApiError). The stream
 * resumes after the last event id it saw; close() ends it for good.
 */
export function openStream(path, { onEvent, onState = () => {}, maxDelayMs = 15000 }) {
  let lastEventId = null;
  let stopped = false;
  let controller = null;
  let delay = 500;

  const run = async () => {
    onState('connecting');
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = authHeaders({ Accept: 'text/event-stream' });
        if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401) {
          await askForToken(await problemOf(response));
          continue;
        }
        if (!response.ok) {
          const error = new ApiError(response.status, await problemOf(response));
          if (response.status < 500) {
            stopped = true;
            onState('failed', error);
            return;
          }
          throw error;
        }
        onState('live');
        await readEvents(
          response.body,
          (event) => {
            if (event.id !== null) lastEventId = event.id;
            delay = 500;
            let data = event.data;
            try {
              data = JSON.parse(event.data);
            } catch {
              // plain text data stays a string
            }
            onEvent({ id: event.id, type: event.type, data });
          },
          () => stopped,
        );
      } catch (error) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting', delay);
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  };
  run();
  return {
    close() {
      stopped = true;
      if (controller) controller.abort();
    },
  };
}

/**
 * At most `limit` streams open at once: the browser keeps only six connections per server over
 * HTTP/1.1, and the page needs some for its other calls.
 */
export class StreamPool {
  constructor(limit) {
    this.limit = limit;
    this.open = 0;
    this.waiting = [];
  }

  /** Opens the stream when a slot is free; the slot is freed by the handle's close(). */
  openStream(path, options) {
    let inner = null;
    let closed = false;
    const start = () => {
      if (closed) return;
      this.open++;
      inner = openStream(path, options);
    };
    if (this.open < this.limit) start();
    else this.waiting.push(start);
    return {
      close: () => {
        if (closed) return;
        closed = true;
        if (inner) {
          inner.close();
          this.open--;
          const next = this.waiting.shift();
          if (next) next();
        } else {
          this.waiting = this.waiting.filter((entry) => entry !== start);
        }
      },
    };
  }
}

// One port for everything: HTTP/1.1 and cleartext HTTP/2 (h2c). Node 20's
// http2 server ignores allowHTTP1 without TLS, so a net.Server reads the first
// bytes and hands the socket to the http or http2 server.
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { Logger } from "pino";

type Handler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export interface ListeningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then closes every connection. */
  close(timeoutMs: number): Promise<void>;
}

export async function listen(handler: Handler, options: { host: string; port: number; log: Logger }): Promise<ListeningServer> {
  const h1 = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, handler);
  const h2 = http2.createServer({}, handler);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.Http2Session>();
  // HTTP/1.1 requests in progress per connection. h1 never listens itself, so Node does not
  // track its connections and closeIdleConnections() would see none: we track them here.
  const busy = new Map<net.Socket, number>();
  const http2Sockets = new WeakSet<net.Socket>();
  let closing = false;

  h2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  h1.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
      if (closing && left <= 0) socket.end();
    });
  });

  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    // A client that connects and says nothing is dropped.
    socket.setTimeout(30_000, () => socket.destroy());
    socket.once("data", (chunk) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      const n = Math.min(chunk.length, preface.length);
      if (chunk.subarray(0, n).equals(preface.subarray(0, n))) {
        http2Sockets.add(socket);
        h2.emit("connection", socket);
      } else {
        h1.emit("connection", socket);
      }
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  return {
    url,
    port: address.port,
    close: async (timeoutMs) => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      // Idle connections (HTTP/1.1 keep-alive between requests, or silent) close now; busy ones after their response;
      // HTTP/2 sessions stop taking streams and close when their streams are done.
      for (const socket of sockets) {
        if (!busy.has(socket) && !http2Sockets.has(socket)) socket.end();
      }
      for (const session of sessions) session.close();
      const timer = setTimeout(() => {
        options.log.warn({ open: sockets.size }, "shutdown timeout: closing remaining connections");
        for (const socket of sockets) socket.destroy();
      }, timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

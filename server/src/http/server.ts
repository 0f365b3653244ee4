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
  h2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });

  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    // A client that connects and says nothing is dropped.
    socket.setTimeout(30_000, () => socket.destroy());
    socket.once("data", (chunk) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      const n = Math.min(chunk.length, preface.length);
      const target = chunk.subarray(0, n).equals(preface.subarray(0, n)) ? h2 : h1;
      target.emit("connection", socket);
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
      const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      // Finish in-flight requests; idle keep-alive connections close now.
      h1.closeIdleConnections();
      // Keep-alive connections become idle as their last request ends.
      const sweep = setInterval(() => { h1.closeIdleConnections(); }, 50);
      for (const session of sessions) session.close();
      const timer = setTimeout(() => {
        options.log.warn({ open: sockets.size }, "shutdown timeout: closing remaining connections");
        h1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }, timeoutMs);
      h1.close();
      h2.close();
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
    },
  };
}

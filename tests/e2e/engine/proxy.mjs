// A pass-through HTTP proxy in front of the server that the engine-neutral field flows
// point their browser at: switched "offline", it drops every connection, which a browser
// without network emulation (WebKitGTK over WebDriver) sees as a network that went away.
// `navigator.onLine` stays true, as on a phone in a dead zone that still shows a signal.

import http from 'node:http';

/** Starts the proxy to `target` (an http origin) on a free loopback port. */
export async function startProxy(target) {
  const upstream = new URL(target);
  const sockets = new Set();
  let offline = false;
  const server = http.createServer((req, res) => {
    if (offline) {
      req.socket.destroy();
      return;
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        // The Host header stays the proxy's: the server's CSRF check compares it with Origin.
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode, reply.headers);
        reply.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    if (offline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Drops every open connection and refuses new ones (or lets them through again). */
    setOffline(value) {
      offline = value;
      if (value) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}

package dev.residual.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a local port, to put between the service and its database and then pull the plug:
 * {@link #cut()} closes every relayed connection and stops listening, so that new connections are
 * refused as they would be by a server that is down; {@link #restore()} listens again on the same
 * port.
 */
public final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  private TcpProxy(String targetHost, int targetPort, int port) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
  }

  /** Relays a free local port to {@code targetHost:targetPort}. */
  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort, ServiceProcess.freePort());
    proxy.restore();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Closes every relayed connection and refuses new ones until {@link #restore()}. */
  public synchronized void cut() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Accepts and relays connections again, on the same port. */
  public synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket listening = new ServerSocket();
    listening.setReuseAddress(true);
    listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = listening;
    daemon(() -> accept(listening), "tcp-proxy-accept-" + port).start();
  }

  /** How many relayed connections are open (each counts its two sockets once). */
  public int openConnections() {
    return sockets.size() / 2;
  }

  @Override
  public void close() throws IOException {
    cut();
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      Socket client;
      try {
        client = listening.accept();
      } catch (IOException closed) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      synchronized (this) {
        if (server != listening) {
          // cut() ran while this connection was being set up.
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        sockets.add(client);
        sockets.add(upstream);
      }
      daemon(() -> pump(client, upstream), "tcp-proxy-up-" + port).start();
      daemon(() -> pump(upstream, client), "tcp-proxy-down-" + port).start();
    }
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (SocketException closed) {
      // cut(), or the other side went away
    } catch (IOException e) {
      // same: the relay ends with the connection
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}

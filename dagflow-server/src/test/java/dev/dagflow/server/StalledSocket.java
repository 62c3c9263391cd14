package dev.dagflow.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client that completes the handshake and then never reads, over a socket with a tiny
 * receive buffer, so the server's sends stall after a few kilobytes.
 */
final class StalledSocket implements AutoCloseable {
  private final Socket socket;

  private StalledSocket(Socket socket) {
    this.socket = socket;
  }

  static StalledSocket open(String base, String path) throws IOException {
    URI uri = URI.create(base);
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
            + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head);
    }
    return new StalledSocket(s);
  }

  /** Reads everything the server had sent; true when the server closed the connection. */
  boolean drainUntilClosed(Duration max) throws IOException {
    socket.setSoTimeout((int) max.toMillis());
    byte[] buf = new byte[64 * 1024];
    try {
      while (socket.getInputStream().read(buf) >= 0) {
        // discard
      }
      return true;
    } catch (java.net.SocketException e) {
      return true; // reset by the server
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

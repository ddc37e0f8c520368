package dev.residual.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Caps JSON request bodies at {@link #MAX_BYTES}: a declared length above it is refused before
 * anything is read, and a chunked body is cut off as soon as it passes the cap, so that the parser
 * never holds more than that. Every JSON request of the API is far below it.
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

  private final HandlerExceptionResolver errors;

  JsonBodyLimit(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
    this.errors = errors;
  }

  /** 1 MiB. */
  static final long MAX_BYTES = 1L << 20;

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return true;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    // Uploads (archives, images, multipart) have limits of their own.
    return !(lower.startsWith("application/json") || lower.contains("+json"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      // Before the dispatcher, so the advice is reached through the resolver.
      errors.resolveException(request, response, null, tooLarge());
      return;
    }
    chain.doFilter(new Limited(request), response);
  }

  static DomainException tooLarge() {
    return new TooLargeException(
        "Request body too large", "A JSON request body may have at most " + MAX_BYTES + " bytes");
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream());
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    CountingStream(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > MAX_BYTES) {
        throw tooLarge();
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
